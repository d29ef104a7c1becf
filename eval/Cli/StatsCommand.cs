using System.CommandLine;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval stats SOURCE --out S.npz [--features-out F.npy]</c>: pytorch-fid compatible statistics (mu, sigma) plus n
/// and the raw sums; <c>stats merge S1.npz S2.npz … --out S.npz</c> combines shards exactly.
/// </summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "image folder, CIFAR-10 .bin, MNIST IDX or generator .onnx" };
        var inception = EvalOptions.Inception();
        var output = new Option<string>("--out") { Description = "statistics .npz to write", Required = true };
        var featuresOut = new Option<string?>("--features-out") { Description = "also write all pool3 features as float32 .npy [N,d]" };
        var n = EvalOptions.N();
        var batch = EvalOptions.Batch();
        var device = EvalOptions.Device();
        var seed = EvalOptions.Seed();
        var range = EvalOptions.OutputRange();
        var json = EvalOptions.Json();
        var command = new Command("stats", "compute Inception statistics of a source (mergeable shards)");
        command.Arguments.Add(source);
        foreach (var o in new Option[] { inception, output, featuresOut, n, batch, device, seed, range, json }) command.Options.Add(o);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            OrtSessions.CheckDevice(p.GetValue(device)!);
            var path = p.GetValue(source)!;
            var outPath = p.GetValue(output)!;
            using var src = ImageSources.Open(path, p.GetValue(n), p.GetValue(seed), p.GetValue(device)!, CliRunner.ParseRange(p.GetValue(range)));
            if (src.Count < 2) throw InputException.ForFile(path, $"statistics need at least 2 samples, got {src.Count}");
            using var model = new InceptionModel(ModelPaths.Resolve(p.GetValue(inception), ModelPaths.InceptionFile, "--inception"), p.GetValue(device)!);
            var featuresPath = p.GetValue(featuresOut);
            using var writer = featuresPath != null ? new StreamingNpyWriter(featuresPath, src.Count, model.FeatureSize) : null;
            var r = FeatureExtractor.Run(src, model, p.GetValue(batch), featuresOut: writer,
                progress: p.GetValue(json) ? null : CliRunner.StderrProgress(Path.GetFileName(path), src.Count), cancellation: ct);
            StatsFile.Write(outPath, r.Stats);
            writer?.Complete();
            Console.WriteLine($"wrote {outPath}: n={r.Count}, d={model.FeatureSize} ({r.Count / r.Seconds:F1} images/s)");
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?> { ["out"] = outPath, ["n"] = r.Count, ["dim"] = model.FeatureSize, ["seconds"] = r.Seconds });
            return CliRunner.Ok;
        }));
        command.Subcommands.Add(CreateMerge());
        return command;
    }

    static Command CreateMerge()
    {
        var inputs = new Argument<string[]>("SHARDS") { Description = "statistics .npz files written by `stats`", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "merged statistics .npz", Required = true };
        var json = EvalOptions.Json();
        var command = new Command("merge", "merge statistics shards exactly (adds n, sums and sums of outer products)");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(p => CliRunner.Run(_ =>
        {
            var merged = Merge(p.GetValue(inputs)!);
            var outPath = p.GetValue(output)!;
            StatsFile.Write(outPath, merged);
            Console.WriteLine($"wrote {outPath}: n={merged.Count}, d={merged.Dimension}");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["out"] = outPath, ["n"] = merged.Count, ["dim"] = merged.Dimension });
            return CliRunner.Ok;
        }));
        return command;
    }

    public static GaussianStats Merge(IReadOnlyList<string> shards)
    {
        GaussianStats? merged = null;
        string? first = null;
        foreach (var path in shards)
        {
            var s = StatsFile.Read(path);
            if (s.Sums == null) throw InputException.ForFile(path, "has only mu/sigma (no n, sum, sum_outer): not a mergeable shard written by `mmagan-eval stats`");
            if (merged == null) { merged = new GaussianStats(s.Dimension); first = path; }
            else if (merged.Dimension != s.Dimension)
                throw InputException.ForFile(path, $"{s.Dimension}-d statistics cannot be merged with {first}: {merged.Dimension}-d");
            merged.Merge(s.Sums);
        }
        return merged ?? throw new InputException("stats merge: no shards given");
    }
}
