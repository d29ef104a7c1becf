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
/// IS uses <c>--is-splits</c> splits (default 10). LPIPS diversity uses <c>--lpips-pairs</c> P pairs (default 1,000) of the
/// first 2·P samples (the same latents as the first FID/IS samples): <c>random</c> (default) distinct pairs drawn with the
/// seeded MT19937 of <see cref="LpipsDiversity.Pairs"/>, or <c>consecutive</c> (x0,x1), (x2,x3), …. All three settings are
/// report columns (is_splits, pairs, lpips_pairing).
/// </summary>
public static class RunCommand
{

    public static Command Create()
    {
        var generator = new Option<string>("--generator") { Description = "generator .onnx", Required = true };
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => ImageSources.DefaultGeneratorSamples };
        var reference = new Option<string>("--reference") { Description = "reference stats .npz or dataset (folder, CIFAR-10 .bin, MNIST IDX)", Required = true };
        var inception = EvalOptions.Inception();
        var lpips = EvalOptions.Lpips();
        var isSplits = new Option<int>("--is-splits") { Description = "Inception Score splits", DefaultValueFactory = _ => 10 };
        var lpipsPairs = new Option<int>("--lpips-pairs") { Description = "LPIPS pairs P, drawn from the first 2·P samples", DefaultValueFactory = _ => 1000 };
        var lpipsPairing = new Option<string>("--lpips-pairing") { Description = "random (distinct pairs drawn with --seed) or consecutive ((x0,x1),(x2,x3),…)", DefaultValueFactory = _ => "random" };
        lpipsPairing.AcceptOnlyFromAmong("random", "consecutive");
        var output = new Option<string>("--out") { Description = "CSV report to append to", Required = true };
        var sourceOptions = new SourceOptions { N = null };
        var json = EvalOptions.Json();
        var command = new Command("run", "evaluate a generator (FID, IS, LPIPS diversity) and append a row to a CSV report");
        command.AddOptions([generator, n, reference, inception, lpips, isSplits, lpipsPairs, lpipsPairing, output, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var settings = sourceOptions.Read(p);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var genPath = p.GetValue(generator)!;
            var count = p.GetValue(n);
            if (count < 2) throw new InputException($"--n must be at least 2, got {count}");
            var splits = p.GetValue(isSplits);
            if (splits < 1 || splits > count) throw new InputException($"--is-splits {splits}: must be between 1 and --n {count}");
            var pairs = p.GetValue(lpipsPairs);
            if (pairs < 1 || pairs > int.MaxValue / 2) throw new InputException($"--lpips-pairs {pairs}: must be positive");
            var pairing = p.GetValue(lpipsPairing)!;
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
            InceptionScoreResult? isc = gen.Logits != null ? IsCommand.Compute(genPath, gen.Logits, gen.Count, gen.LogitsSize!.Value, splits, true) : null;
            using var lpipsSrc = settings.OpenGenerator(genPath, 2 * pairs);
            var div = settings.Diversity(genPath, lpipsSrc, lpipsModel, pairing, pairs, settings.Seed, progress, ct);

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
                IsSplits = isc is null ? null : splits,
                LpipsDiversity = div.Mean,
                Pairs = div.Pairs,
                LpipsPairing = pairing,
                Seconds = Math.Round(started.Elapsed.TotalSeconds, 3),
                Device = settings.Device,
                InceptionSha256 = CsvReport.Sha256(inceptionPath),
                LpipsSha256 = CsvReport.Sha256(lpipsPath),
                Comparable = FeatureModelProvenance.Column(model.Provenance, lpipsModel.Provenance),
            };
            CsvReport.Append(p.GetValue(output)!, row);
            Console.WriteLine($"FID {row.Fid:F4}  IS {row.IsMean:F4} ± {row.IsStd:F4}  LPIPS diversity {row.LpipsDiversity:F4} ({row.Pairs} pairs)  → {p.GetValue(output)}");
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["fid"] = row.Fid, ["is_mean"] = row.IsMean, ["is_std"] = row.IsStd, ["lpips_diversity"] = row.LpipsDiversity,
                    ["pairs"] = row.Pairs, ["is_splits"] = row.IsSplits, ["lpips_pairing"] = row.LpipsPairing, ["n"] = row.N, ["seconds"] = row.Seconds, ["out"] = p.GetValue(output),
                });
            return CliRunner.Ok;
        }));
        return command;
    }
}
