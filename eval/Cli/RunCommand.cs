using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Reports;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval run --generator G.onnx --n N --reference REF --out report.csv</c>: FID (vs REF), Inception Score and
/// LPIPS diversity of one generator, appended as one row to a CSV report. One pass of N samples gives pool3 and logits;
/// LPIPS uses consecutive pairs of the first min(N, 2000) samples (same latents).
/// </summary>
public static class RunCommand
{
    public const int MaxLpipsSamples = 2000;

    public static Command Create()
    {
        var generator = new Option<string>("--generator") { Description = "generator .onnx", Required = true };
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => ImageSources.DefaultGeneratorSamples };
        var reference = new Option<string>("--reference") { Description = "reference stats .npz or dataset (folder, CIFAR-10 .bin, MNIST IDX)", Required = true };
        var inception = EvalOptions.Inception();
        var lpips = EvalOptions.Lpips();
        var output = new Option<string>("--out") { Description = "CSV report to append to", Required = true };
        var seed = EvalOptions.Seed();
        var batch = EvalOptions.Batch();
        var device = EvalOptions.Device();
        var range = EvalOptions.OutputRange();
        var json = EvalOptions.Json();
        var command = new Command("run", "evaluate a generator (FID, IS, LPIPS diversity) and append a row to a CSV report");
        foreach (var o in new Option[] { generator, n, reference, inception, lpips, output, seed, batch, device, range, json }) command.Options.Add(o);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var dev = p.GetValue(device)!;
            OrtSessions.CheckDevice(dev);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var genPath = p.GetValue(generator)!;
            var count = p.GetValue(n);
            if (count < 2) throw new InputException($"--n must be at least 2, got {count}");
            var refPath = p.GetValue(reference)!;
            var outputRange = CliRunner.ParseRange(p.GetValue(range));
            var inceptionPath = ModelPaths.Resolve(p.GetValue(inception), ModelPaths.InceptionFile, "--inception");
            var lpipsPath = ModelPaths.Resolve(p.GetValue(lpips), ModelPaths.LpipsFile, "--lpips");
            var quiet = p.GetValue(json);

            using var model = new InceptionModel(inceptionPath, dev);
            using var lpipsModel = new LpipsModel(lpipsPath, dev);
            using var src = new GeneratorSource(genPath, count, p.GetValue(seed), dev, outputRange);
            var metadata = src.Generator.Metadata;
            var gen = FeatureExtractor.Run(src, model, p.GetValue(batch), wantLogits: model.LogitsOutput != null,
                progress: quiet ? null : CliRunner.StderrProgress(Path.GetFileName(genPath), count), cancellation: ct);
            var refStats = SourceStatistics.Get(refPath, () => model, null, p.GetValue(batch), p.GetValue(seed), dev, null, !quiet, ct);
            var genStats = new FeatureStats(gen.Stats.Mean(), gen.Stats.Covariance(), gen.Count, gen.Stats);
            var fid = FidCommand.Compute(genPath, genStats, refPath, refStats);
            InceptionScoreResult? isc = gen.Logits != null ? IsCommand.Compute(genPath, gen.Logits, gen.Count, gen.LogitsSize!.Value, Math.Min(10, gen.Count), true) : null;
            using var lpipsSrc = new GeneratorSource(genPath, Math.Min(count, MaxLpipsSamples), p.GetValue(seed), dev, outputRange);
            var div = LpipsDiversity.Compute(lpipsSrc, lpipsModel, "consecutive", null, 0, p.GetValue(batch), ct);

            var row = new ReportRow
            {
                Timestamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Generator = genPath,
                GeneratorSha256 = CsvReport.Sha256(genPath),
                Method = metadata.GetValueOrDefault("method", ""),
                K = metadata.GetValueOrDefault("k", ""),
                Lambda = metadata.GetValueOrDefault("lambda", ""),
                Tau = metadata.GetValueOrDefault("tau", ""),
                Step = metadata.GetValueOrDefault("step", ""),
                Seed = p.GetValue(seed),
                N = count,
                Reference = refPath,
                Fid = fid.Fid,
                IsMean = isc?.Mean,
                IsStd = isc?.Std,
                LpipsDiversity = div.Mean,
                Pairs = div.Pairs,
                Seconds = Math.Round(started.Elapsed.TotalSeconds, 3),
                Device = dev,
                InceptionSha256 = CsvReport.Sha256(inceptionPath),
                LpipsSha256 = CsvReport.Sha256(lpipsPath),
            };
            CsvReport.Append(p.GetValue(output)!, row);
            Console.WriteLine($"FID {row.Fid:F4}  IS {row.IsMean:F4} ± {row.IsStd:F4}  LPIPS diversity {row.LpipsDiversity:F4} ({row.Pairs} pairs)  → {p.GetValue(output)}");
            if (quiet)
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["fid"] = row.Fid, ["is_mean"] = row.IsMean, ["is_std"] = row.IsStd, ["lpips_diversity"] = row.LpipsDiversity,
                    ["pairs"] = row.Pairs, ["n"] = row.N, ["seconds"] = row.Seconds, ["out"] = p.GetValue(output),
                });
            return CliRunner.Ok;
        }));
        return command;
    }
}
