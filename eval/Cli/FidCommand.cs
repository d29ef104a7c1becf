using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval fid A B</c>: Fréchet Inception Distance between two sources (stats .npz, image folder,
/// CIFAR-10 .bin, MNIST IDX or generator .onnx). Two .npz files need no model.</summary>
public static class FidCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "stats .npz, image folder, CIFAR-10 .bin, MNIST IDX or generator .onnx" };
        var b = new Argument<string>("B") { Description = "the same kinds as A" };
        var inception = EvalOptions.Inception();
        var n = EvalOptions.N();
        var batch = EvalOptions.Batch();
        var device = EvalOptions.Device();
        var seed = EvalOptions.Seed();
        var range = EvalOptions.OutputRange();
        var json = EvalOptions.Json();
        var command = new Command("fid", "Fréchet Inception Distance between two sources (pytorch-fid compatible)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        foreach (var o in new Option[] { inception, n, batch, device, seed, range, json }) command.Options.Add(o);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            OrtSessions.CheckDevice(p.GetValue(device)!);
            InceptionModel? model = null;
            try
            {
                InceptionModel Model() => model ??= new InceptionModel(ModelPaths.Resolve(p.GetValue(inception), ModelPaths.InceptionFile, "--inception"), p.GetValue(device)!);
                var outputRange = CliRunner.ParseRange(p.GetValue(range));
                var pathA = p.GetValue(a)!;
                var pathB = p.GetValue(b)!;
                var sa = SourceStatistics.Get(pathA, Model, p.GetValue(n), p.GetValue(batch), p.GetValue(seed), p.GetValue(device)!, outputRange, !p.GetValue(json), ct);
                var sb = SourceStatistics.Get(pathB, Model, p.GetValue(n), p.GetValue(batch), p.GetValue(seed), p.GetValue(device)!, outputRange, !p.GetValue(json), ct);
                var fid = Compute(pathA, sa, pathB, sb);
                Console.WriteLine($"FID: {fid.Fid.ToString("R", CultureInfo.InvariantCulture)}" + (fid.UsedEpsilonOffset ? " (singular product: ε·I added to both covariances)" : ""));
                if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["fid"] = fid.Fid });
                return CliRunner.Ok;
            }
            finally { model?.Dispose(); }
        }));
        return command;
    }

    public static FrechetResult Compute(string nameA, FeatureStats a, string nameB, FeatureStats b)
    {
        if (a.Dimension != b.Dimension)
            throw new InputException($"{nameA}: {a.Dimension}-d statistics cannot be compared with {nameB}: {b.Dimension}-d statistics");
        return FrechetDistance.ComputeDetailed(a.Mu, a.Sigma, b.Mu, b.Sigma);
    }
}
