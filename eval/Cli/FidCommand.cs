using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval fid A B</c>: Fréchet Inception Distance between two sources (stats .npz, named reference,
/// image folder, CIFAR-10 .bin, MNIST IDX, features .npy or generator .onnx). Two .npz files need no model. <c>--n</c>
/// sets a generator's sample count, <c>--n-ref</c> caps a dataset; dataset features are cached (<c>--no-cache</c>).</summary>
public static class FidCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "stats .npz, named reference (cifar10-train, cifar10-test, mnist), image folder, CIFAR-10 .bin, MNIST IDX, features .npy or generator .onnx" };
        var b = new Argument<string>("B") { Description = "the same kinds as A" };
        var options = new SampleMetricOptions();
        var json = EvalOptions.Json();
        var command = new Command("fid", "Fréchet Inception Distance between two sources (pytorch-fid compatible)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([.. options.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            using var ctx = options.Read(p);
            var pathA = p.GetValue(a)!;
            var pathB = p.GetValue(b)!;
            ctx.CheckAll(pathA, pathB);   // both arguments (and the model) before scoring either
            var sa = ctx.Stats(pathA, ct);
            var sb = ctx.Stats(pathB, ct);
            var fid = Compute(pathA, sa, pathB, sb);
            Console.WriteLine($"FID: {fid.Fid.ToString("R", CultureInfo.InvariantCulture)}" + (fid.UsedEpsilonOffset ? " (singular product: ε·I added to both covariances)" : ""));
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["fid"] = fid.Fid });
            return CliRunner.Ok;
        }));
        return command;
    }

    public static FrechetResult Compute(string nameA, FeatureStats a, string nameB, FeatureStats b)
    {
        if (a.Dimension != b.Dimension)
            throw new InputException($"{nameA}: {a.Dimension}-d statistics cannot be compared with {nameB}: {b.Dimension}-d statistics");
        try { return FrechetDistance.ComputeDetailed(a.Mu, a.Sigma, b.Mu, b.Sigma); }
        catch (ArgumentException e) { throw new InputException($"{nameA} vs {nameB}: {e.Message}"); }
    }
}
