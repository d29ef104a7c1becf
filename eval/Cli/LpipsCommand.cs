using System.CommandLine;
using System.Globalization;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval lpips SOURCE</c>: sample diversity as the mean LPIPS distance over pairs of samples.</summary>
public static class LpipsCommand
{
    public const int DefaultGeneratorSamples = 2000;

    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "image folder, CIFAR-10 .bin, MNIST IDX or generator .onnx" };
        var lpips = EvalOptions.Lpips();
        var pairs = new Option<string>("--pairs") { Description = "random (distinct pairs drawn with --seed: as `run` pairs them) or consecutive ((x0,x1),(x2,x3),…)", DefaultValueFactory = _ => "random" };
        pairs.AcceptOnlyFromAmong("random", "consecutive");
        var nPairs = new Option<int?>("--n-pairs") { Description = "number of pairs (default: samples/2)" };
        var sourceOptions = new SourceOptions
        {
            N = new Option<int?>("--n") { Description = $"samples from a generator (default {DefaultGeneratorSamples}) / first N images of a dataset" },
            Seed = EvalOptions.Seed(description: "seed for the generator's latents and the random pairs"),
        };
        var json = EvalOptions.Json();
        var command = new Command("lpips", "LPIPS diversity of a source (mean pairwise LPIPS distance)");
        command.Arguments.Add(source);
        command.AddOptions([lpips, pairs, nPairs, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var runner = new SourceRunner(sourceOptions.Read(p));
            var path = p.GetValue(source)!;
            var count = runner.Settings.N ?? (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? DefaultGeneratorSamples : null);
            using var src = runner.Open(path, count);
            using var model = runner.Lpips(p.GetValue(lpips));
            var r = runner.Diversity(path, src, model, p.GetValue(pairs)!, p.GetValue(nPairs), runner.Settings.Seed, ProgressReporter.ForConsole(), ct);
            Console.WriteLine($"LPIPS diversity: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} over {r.Pairs} pairs");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["lpips_diversity"] = r.Mean, ["pairs"] = r.Pairs });
            return CliRunner.Ok;
        }));
        return command;
    }
}
