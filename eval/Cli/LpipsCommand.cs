using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval lpips SOURCE</c>: sample diversity as the mean LPIPS distance over pairs of samples.</summary>
public static class LpipsCommand
{
    public const int DefaultGeneratorSamples = 2000;

    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "image folder, CIFAR-10 .bin, MNIST IDX or generator .onnx" };
        var lpips = EvalOptions.Lpips();
        var pairs = new Option<string>("--pairs") { Description = "random (distinct pairs drawn with --seed) or consecutive ((x0,x1),(x2,x3),…)", DefaultValueFactory = _ => "random" };
        pairs.AcceptOnlyFromAmong("random", "consecutive");
        var nPairs = new Option<int?>("--n-pairs") { Description = "number of pairs (default: samples/2)" };
        var pairSeed = new Option<int>("--seed") { Description = "seed for the random pairs and the generator's latents", DefaultValueFactory = _ => 0 };
        var n = new Option<int?>("--n") { Description = $"samples from a generator (default {DefaultGeneratorSamples}) / first N images of a dataset" };
        var batch = EvalOptions.Batch();
        var device = EvalOptions.Device();
        var range = EvalOptions.OutputRange();
        var json = EvalOptions.Json();
        var command = new Command("lpips", "LPIPS diversity of a source (mean pairwise LPIPS distance)");
        command.Arguments.Add(source);
        foreach (var o in new Option[] { lpips, pairs, nPairs, pairSeed, n, batch, device, range, json }) command.Options.Add(o);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            OrtSessions.CheckDevice(p.GetValue(device)!);
            var path = p.GetValue(source)!;
            var count = p.GetValue(n) ?? (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? DefaultGeneratorSamples : null);
            using var src = ImageSources.Open(path, count, p.GetValue(pairSeed), p.GetValue(device)!, CliRunner.ParseRange(p.GetValue(range)));
            using var model = new LpipsModel(ModelPaths.Resolve(p.GetValue(lpips), ModelPaths.LpipsFile, "--lpips"), p.GetValue(device)!);
            var r = LpipsDiversity.Compute(src, model, p.GetValue(pairs)!, p.GetValue(nPairs), p.GetValue(pairSeed), p.GetValue(batch), ct);
            Console.WriteLine($"LPIPS diversity: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} over {r.Pairs} pairs");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["lpips_diversity"] = r.Mean, ["pairs"] = r.Pairs });
            return CliRunner.Ok;
        }));
        return command;
    }
}
