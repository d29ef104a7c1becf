using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Reports;
using MmaGan.Eval.Sources;
using MmaGan.Shared.Cli;
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
        var sourceOptions = new SourceOptions { N = null };
        var json = EvalOptions.Json();
        var command = new Command("run", "evaluate a generator (FID, IS, LPIPS diversity) and append a row to a CSV report");
        command.AddOptions([generator, n, reference, inception, lpips, output, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var settings = sourceOptions.Read(p);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var genPath = p.GetValue(generator)!;
            var count = p.GetValue(n);
            if (count < 2) throw new InputException($"--n must be at least 2, got {count}");
            var refPath = p.GetValue(reference)!;
            var inceptionPath = ModelPaths.Resolve(p.GetValue(inception), ModelPaths.InceptionFile, "--inception");
            var lpipsPath = ModelPaths.Resolve(p.GetValue(lpips), ModelPaths.LpipsFile, "--lpips");
            var progress = ProgressReporter.ForConsole();
            OutputPath.File(p.GetValue(output)!, "--out");

            using var model = settings.Inception(inceptionPath);
            using var lpipsModel = settings.Lpips(lpipsPath);
            using var src = settings.OpenGenerator(genPath, count);
            var metadata = src.Generator.Metadata;
            // The reference is checked before the generator's samples are scored (fail fast).
            using var refPrepared = SourceStatistics.Prepare(refPath, settings with { OutputRange = null });
            SourceStatistics.CheckDimension(refPrepared, model);
            var gen = settings.Extract(genPath, src, model, progress, ct, wantLogits: model.LogitsOutput != null);
            var refStats = SourceStatistics.Compute(refPrepared, () => model, settings with { OutputRange = null }, progress, ct);
            var fid = FidCommand.Compute(genPath, FeatureStats.Of(gen), refPath, refStats);
            InceptionScoreResult? isc = gen.Logits != null ? IsCommand.Compute(genPath, gen.Logits, gen.Count, gen.LogitsSize!.Value, Math.Min(10, gen.Count), true) : null;
            using var lpipsSrc = settings.OpenGenerator(genPath, Math.Min(count, MaxLpipsSamples));
            var div = settings.Diversity(genPath, lpipsSrc, lpipsModel, "consecutive", null, 0, progress, ct);

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
                Seed = settings.Seed,
                N = count,
                Reference = refPath,
                Fid = fid.Fid,
                IsMean = isc?.Mean,
                IsStd = isc?.Std,
                LpipsDiversity = div.Mean,
                Pairs = div.Pairs,
                Seconds = Math.Round(started.Elapsed.TotalSeconds, 3),
                Device = settings.Device,
                InceptionSha256 = CsvReport.Sha256(inceptionPath),
                LpipsSha256 = CsvReport.Sha256(lpipsPath),
            };
            CsvReport.Append(p.GetValue(output)!, row);
            Console.WriteLine($"FID {row.Fid:F4}  IS {row.IsMean:F4} ± {row.IsStd:F4}  LPIPS diversity {row.LpipsDiversity:F4} ({row.Pairs} pairs)  → {p.GetValue(output)}");
            if (p.GetValue(json))
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
