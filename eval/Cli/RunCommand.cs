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
/// <c>mmagan-eval run --generator G.onnx --n N --reference REF --out report.csv [--metrics fid,is,kid,prdc,lpips,fd-inf]</c>:
/// the requested metrics (default FID vs REF, Inception Score, LPIPS diversity) of one generator, appended as one row to a
/// CSV report (one column per metric; see <see cref="RunMetrics"/>). One pass of N samples gives pool3, logits and the
/// features. IS uses <c>--is-splits</c> splits (default 10, or N when fewer). LPIPS diversity uses <c>--lpips-pairs</c> P pairs (default
/// 1,000, at most half the samples) of the first min(N, 2·P) samples (the same latents as the first FID/IS samples): <c>random</c> (default) distinct pairs
/// drawn with the seeded MT19937 of <see cref="LpipsDiversity.Pairs"/>, or <c>consecutive</c> (x0,x1), (x2,x3), ….
/// All three settings are report columns (is_splits, pairs, lpips_pairing).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var generator = new Option<string>("--generator") { Description = "generator .onnx", Required = true };
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => ImageSources.DefaultGeneratorSamples };
        var reference = new Option<string>("--reference") { Description = "reference stats .npz, named reference (cifar10-train, cifar10-test, mnist), dataset (folder, CIFAR-10 .bin, MNIST IDX) or features .npy", Required = true };
        var metricsOption = new Option<string>("--metrics") { Description = $"comma-separated metrics from one feature pass: {string.Join(",", RunMetrics.Known)}", DefaultValueFactory = _ => RunMetrics.Default };
        var nRef = SampleMetricOptions.NRefOption();
        var noCache = SampleMetricOptions.NoCacheOption();
        var dims = SampleMetricOptions.DimsOption();
        var inception = EvalOptions.Inception();
        var lpips = EvalOptions.Lpips();
        var isSplits = new Option<int?>("--is-splits") { Description = "Inception Score splits (default 10, or --n when fewer)" };
        var lpipsPairs = new Option<int>("--lpips-pairs") { Description = "LPIPS pairs P, drawn from the first min(N, 2·P) samples (at most half of them)", DefaultValueFactory = _ => 1000 };
        var lpipsPairing = new Option<string>("--lpips-pairing") { Description = "random (distinct pairs drawn with --seed) or consecutive ((x0,x1),(x2,x3),…)", DefaultValueFactory = _ => "random" };
        lpipsPairing.AcceptOnlyFromAmong("random", "consecutive");
        var output = new Option<string>("--out") { Description = "CSV report to append to", Required = true };
        var sourceOptions = new SourceOptions { N = null };
        var json = EvalOptions.Json();
        var command = new Command("run", "evaluate a generator (FID, IS, LPIPS diversity; KID, PRDC, FD∞ on request) and append a row to a CSV report");
        command.AddOptions([generator, n, reference, metricsOption, dims, nRef, noCache, inception, lpips, isSplits, lpipsPairs, lpipsPairing, output, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var settings = sourceOptions.Read(p);
            var runner = new SourceRunner(settings);
            // --output-range belongs to the generator; the reference is read without it
            var refRunner = new SourceRunner(settings with { OutputRange = null });
            var started = System.Diagnostics.Stopwatch.StartNew();
            var metrics = RunMetrics.Parse(p.GetValue(metricsOption)!);
            var genPath = p.GetValue(generator)!;
            var count = p.GetValue(n);
            if (count < 2) throw new InputException($"--n must be at least 2, got {count}");
            if (p.GetValue(nRef) is < 2 and var nr) throw new InputException($"--n-ref must be at least 2, got {nr}");
            var splits = p.GetValue(isSplits) ?? Math.Min(10, count);
            if (splits < 1 || splits > count) throw new InputException($"--is-splits {splits}: must be between 1 and --n {count}");
            var pairs = p.GetValue(lpipsPairs);
            if (pairs < 1 || pairs > int.MaxValue / 2) throw new InputException($"--lpips-pairs {pairs}: must be positive");
            var pairing = p.GetValue(lpipsPairing)!;
            var refPath = p.GetValue(reference)!;
            if (RunMetrics.NeedReferenceFeatures(metrics) && ImageSources.IsStatsFile(refPath))
                throw InputException.ForFile(refPath, "holds only mean and covariance; kid and prdc need the reference's features (a dataset, a named reference or a features .npy)");
            var inceptionPath = RunMetrics.NeedInception(metrics) ? ModelPaths.Resolve(p.GetValue(inception), ModelPaths.InceptionFile, "--inception") : null;
            var lpipsPath = metrics.Contains("lpips") ? ModelPaths.Resolve(p.GetValue(lpips), ModelPaths.LpipsFile, "--lpips") : null;
            var progress = ProgressReporter.ForConsole();
            OutputPath.File(p.GetValue(output)!, "--out");

            using var model = new LazyInception(() => inceptionPath!, settings, p.GetValue(dims));
            using var src = runner.OpenGenerator(genPath, count);
            // The reference is checked (and the models loaded) before the generator's samples are scored (issue 12, fail fast).
            if (inceptionPath != null) SourceFeatures.Check(refPath, model, refRunner, new SampleCounts(null, p.GetValue(nRef)));
            if (lpipsPath != null) runner.Lpips(lpipsPath).Dispose();
            var metadata = src.Generator.Metadata;
            InceptionScoreResult? isc = null;
            List<KeyValuePair<string, double>> extra = [];
            FrechetResult? fidResult = null;
            if (inceptionPath != null)
            {
                var wantLogits = metrics.Contains("is");
                var (gen, genFeatures) = RunMetrics.ExtractGenerator(runner, genPath, src, model.Model, wantLogits && model.Model.LogitsOutput != null,
                    RunMetrics.NeedFeatures(metrics), progress, ct);
                var counts = new SampleCounts(null, p.GetValue(nRef));
                var cache = p.GetValue(noCache) ? null : FeatureCache.Default();
                var refFeatures = RunMetrics.NeedReferenceFeatures(metrics) ? SourceFeatures.Features(refPath, model, refRunner, counts, cache, progress, ct) : null;
                if (refFeatures != null && refFeatures.Cols != model.Model.FeatureSize)
                    throw new InputException($"{genPath}: {model.Model.FeatureSize}-d features cannot be compared with {refPath}: {refFeatures.Cols}-d features");
                var refStats = !RunMetrics.NeedReferenceStats(metrics) ? null
                    : refFeatures != null ? SourceFeatures.StatsOf(refFeatures)
                    : SourceFeatures.Stats(refPath, model, refRunner, counts, cache, progress, ct);
                if (metrics.Contains("fid")) fidResult = FidCommand.Compute(genPath, FeatureStats.Of(gen), refPath, refStats!);
                if (gen.Logits != null) isc = IsCommand.Compute(genPath, gen.Logits, gen.Count, gen.LogitsSize!.Value, splits, true);
                extra = RunMetrics.ComputeExtra(metrics, genPath, genFeatures, refPath, refFeatures, refStats, progress, ct);
            }
            LpipsDiversityResult? div = null;
            MmaGan.Models.Fetch.Provenance? lpipsProvenance = null;
            if (lpipsPath != null)
            {
                using var lpipsModel = runner.Lpips(lpipsPath);
                lpipsProvenance = lpipsModel.Provenance;
                // the first min(N, 2·P) samples, at most half as many pairs: what `lpips G.onnx --n N` scores by default too
                var lpipsSamples = (int)Math.Min(count, 2L * pairs);
                using var lpipsSrc = runner.OpenGenerator(genPath, lpipsSamples);
                div = runner.Diversity(genPath, lpipsSrc, lpipsModel, pairing, Math.Min(pairs, lpipsSamples / 2), settings.Seed, progress, ct);
            }

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
                Fid = fidResult?.Fid,
                IsMean = isc?.Mean,
                IsStd = isc?.Std,
                IsSplits = isc is null ? null : splits,
                LpipsDiversity = div?.Mean,
                Pairs = div?.Pairs,
                LpipsPairing = div is null ? "" : pairing,
                Seconds = Math.Round(started.Elapsed.TotalSeconds, 3),
                Device = settings.Device,
                InceptionSha256 = inceptionPath != null ? CsvReport.Sha256(inceptionPath) : "",
                LpipsSha256 = lpipsPath != null ? CsvReport.Sha256(lpipsPath) : "",
                Comparable = FeatureModelProvenance.Column([.. (inceptionPath != null ? new[] { model.Model.Provenance } : []), .. (lpipsProvenance is { } lp ? new[] { lp } : [])]),
                Extra = extra,
            };
            CsvReport.Append(p.GetValue(output)!, row);
            var summary = new List<string>();
            if (row.Fid is { } f) summary.Add($"FID {f:F4}");
            if (row.IsMean is { } im) summary.Add($"IS {im:F4} ± {row.IsStd:F4}");
            if (row.LpipsDiversity is { } ld) summary.Add($"LPIPS diversity {ld:F4} ({row.Pairs} pairs)");
            summary.AddRange(extra.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value:F4}")));
            Console.WriteLine($"{string.Join("  ", summary)}  → {p.GetValue(output)}");
            if (p.GetValue(json))
            {
                var values = new Dictionary<string, object?>();
                if (metrics.Contains("fid")) values["fid"] = row.Fid;
                if (metrics.Contains("is")) { values["is_mean"] = row.IsMean; values["is_std"] = row.IsStd; values["is_splits"] = row.IsSplits; }
                if (metrics.Contains("lpips")) { values["lpips_diversity"] = row.LpipsDiversity; values["pairs"] = row.Pairs; values["lpips_pairing"] = row.LpipsPairing; }
                foreach (var (k, v) in extra) values[k] = v;
                values["n"] = row.N;
                values["seconds"] = row.Seconds;
                values["out"] = p.GetValue(output);
                CliRunner.PrintJson(values);
            }
            return CliRunner.Ok;
        }));
        return command;
    }
}
