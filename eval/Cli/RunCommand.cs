using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Reports;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval run --generator G.onnx --n N --reference REF --out report.csv [--metrics fid,is,kid,prdc,lpips,fd-inf]</c>:
/// the requested metrics (default FID vs REF, Inception Score, LPIPS diversity) of one generator, appended as one row to a
/// CSV report (<see cref="ReportRow"/>). One pass of N samples gives the features, statistics and logits; every metric's
/// settings and seeds take the same flags as its own command (<c>--is-splits</c>, <c>--kid-seed</c>, …). LPIPS scores
/// <c>--lpips-pairs</c> P pairs (default 1,000, at most half the samples) of the first min(N, 2·P) samples (the same
/// latents as the first FID/IS samples); PRDC the first <c>--prdc-max-samples</c> (10,000) of each side.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var generator = new Option<string>("--generator") { Description = "generated side: generator .onnx", Required = true };
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => EvaluationDefaults.GeneratorSamples };
        var reference = new Option<string?>("--reference") { Description = "reference side: stats .npz, named reference (cifar10-train, cifar10-test, mnist), dataset (folder, CIFAR-10 .bin, MNIST IDX) or features .npy (needed by fid, kid, prdc, fd-inf)" };
        var runnable = MetricRegistry.All.Where(m => m.Generated != MetricInput.ToySamples).Select(m => m.Name).ToArray();
        var metricsOption = new Option<string>("--metrics") { Description = $"comma-separated metrics from one feature pass: {string.Join(",", runnable)}", DefaultValueFactory = _ => EvaluationDefaults.RunMetrics };
        var nRef = SampleMetricOptions.NRefOption();
        var noCache = SampleMetricOptions.NoCacheOption();
        var features = new FeatureOptions(inceptionBeside: true);
        var lpips = EvalOptions.Lpips();
        var classifier = new Option<string?>("--classifier") { Description = $"digit classifier ONNX of modes and fd-classifier (default: models/{Onnx.ModelPaths.DigitClassifierFile})" };
        var metricOptions = new MetricOptions(runnable, own: false, lpipsPairsDefault: EvaluationDefaults.LpipsPairs, prdcMaxSamplesDefault: EvaluationDefaults.RunPrdcMaxSamples);
        var output = new Option<string>("--out") { Description = "CSV report to append to", Required = true };
        var sourceOptions = new SourceOptions { N = null };
        var json = EvalOptions.Json();
        var command = new Command("run", "evaluate a generator (FID, IS, LPIPS diversity; KID, PRDC, FD∞ on request) against a reference and append a row to a CSV report");
        command.AddOptions([generator, n, reference, metricsOption, .. features.All, nRef, noCache, lpips, classifier, .. metricOptions.All, output, .. sourceOptions.All, json]);
        command.SetAction(p =>
        {
            var metrics = ParseMetrics(p.GetValue(metricsOption)!, runnable);
            var count = p.GetValue(n);
            if (count < 2) throw new InputException($"--n must be at least 2, got {count}");
            var settings = metricOptions.Settings(p);
            if (settings.IsSplits is { } splits && (splits < 1 || splits > count)) throw new InputException($"--is-splits {splits}: must be between 1 and --n {count}");
            // LPIPS on the first min(N, 2·P) samples, at most half as many pairs: what `lpips G.onnx --n N` scores by default too.
            var pairs = settings.LpipsPairs ?? EvaluationDefaults.LpipsPairs;
            if (pairs < 1 || pairs > int.MaxValue / 2) throw new InputException($"--lpips-pairs {pairs}: must be positive");
            var lpipsSamples = (int)Math.Min(count, 2L * pairs);
            return new EvaluationRequest
            {
                Metrics = metrics, Generated = p.GetValue(generator)!, Reference = p.GetValue(reference),
                FeatureModel = features.Choice(p), LpipsModel = p.GetValue(lpips),
                FeatureModelPaths = OtherModelPaths(p, features, classifier),
                N = count, NRef = p.GetValue(nRef), Seeds = metricOptions.Seeds(p, sourceOptions.LatentSeed(p)),
                Settings = settings with { LpipsPairs = Math.Min(pairs, lpipsSamples / 2), LpipsSamples = lpipsSamples },
                Reading = sourceOptions.Reading(p), UseCache = !p.GetValue(noCache),
            };
        }, (p, request, results) =>
        {
            var outPath = p.GetValue(output)!;
            var row = Row(results, request);
            CsvReport.Append(outPath, row);
            Console.WriteLine($"{string.Join("  ", Summary(results))}{FeatureLabels.Space(results)}  → {outPath}");
            if (results.Caveats.Count > 0) Console.WriteLine($"* not comparable with published values: {string.Join("; ", results.Caveats.Select(c => c.Text))}");
            if (p.GetValue(json)) ResultJson.Print(results, ("n", request.N), ("seconds", row.Seconds), ("out", outPath));
            return CliRunner.Ok;
        }, before: p => CsvReport.CheckAppendable(OutputPath.File(p.GetValue(output)!, "--out")));
        return command;
    }

    /// <summary>The comma-separated <c>--metrics</c> list, in the order given; one line on an unknown or empty one.</summary>
    static IReadOnlyList<string> ParseMetrics(string text, IReadOnlyList<string> known)
    {
        var list = new List<string>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var m = raw.ToLowerInvariant();
            if (!known.Contains(m))
                throw new InputException($"--metrics: unknown metric '{raw}' (expected a comma-separated list of {string.Join(", ", known)}{(m == "toy" ? "; the toy metrics are `mmagan-eval toy`" : "")})");
            if (!list.Contains(m)) list.Add(m);
        }
        return list.Count > 0 ? list : throw new InputException($"--metrics: no metric given (expected some of {string.Join(", ", known)})");
    }

    /// <summary>The Inception of IS beside another space's metrics (<c>--inception</c>) and the digit classifier (<c>--classifier</c>).</summary>
    static Dictionary<string, string> OtherModelPaths(ParseResult p, FeatureOptions features, Option<string?> classifier)
    {
        var paths = features.OtherModelPaths(p);
        if (p.GetValue(classifier) is { } c) paths[MetricRegistry.DigitClassifier] = c;
        return paths;
    }

    /// <summary>The report row: the generator's metadata and digest, the latent seed, every metric key's value, the models' digests,
    /// the evaluation's settings (the feature space is <c>feature_model</c>, its convention <c>resize</c>).</summary>
    static ReportRow Row(MetricResults results, EvaluationRequest request)
    {
        var metadata = results.GeneratorMetadata;
        var model = results.Models.FirstOrDefault(m => m.Role == Evaluation.FeatureSpaces.Inception.Name);
        var lpips = results.Models.FirstOrDefault(m => m.Role == "lpips");
        return new ReportRow
        {
            Timestamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Generator = results.Generated!, GeneratorSha256 = CsvReport.SourceSha256(results.Generated!),
            Method = metadata.GetValueOrDefault("method", ""), K = metadata.GetValueOrDefault("k", ""), Lambda = metadata.GetValueOrDefault("lambda", ""),
            Tau = metadata.GetValueOrDefault("tau", ""), Step = metadata.GetValueOrDefault("step", ""),
            Seed = request.Seeds.Latent, N = results.Setting("n") is long scored ? (int)scored : request.N!.Value, Reference = results.Reference ?? "",
            Seconds = Math.Round(results.Seconds, 3), Device = request.Reading.Device,
            InceptionSha256 = model is null ? "" : CsvReport.Sha256(model.Path), LpipsSha256 = lpips is null ? "" : CsvReport.Sha256(lpips.Path),
            Comparable = results.Comparable,
            Settings = results.Settings.ToDictionary(v => v.Key, v => v.Value),
            Metrics = [.. results.Outcomes.Select(o => o.Metric)],
            Values = results.Values.ToDictionary(v => v.Key, v => v.Value),
        };
    }

    /// <summary>"FID 12.3456*  IS 7.1234 ± 0.1234  LPIPS diversity 0.4321 (1000 pairs)  kid_mean 0.0123 …": a number that a
    /// caveat concerns (<see cref="MetricResults.Caveats"/>) is marked *, and the caveats follow on a line of their own.</summary>
    static IEnumerable<string> Summary(MetricResults r)
    {
        foreach (var o in r.Outcomes)
        {
            var mark = r.Caveats.Any(c => c.Metrics.Contains(o.Metric.Name)) ? "*" : "";
            switch (o.Metric.Name)
            {
                case "fid": yield return string.Create(CultureInfo.InvariantCulture, $"{FeatureLabels.FrechetDistance(r)} {o["fid"]:F4}{mark}"); break;
                case "is": yield return string.Create(CultureInfo.InvariantCulture, $"IS {o["is_mean"]:F4} ± {o["is_std"]:F4}{mark}"); break;
                case "lpips": yield return string.Create(CultureInfo.InvariantCulture, $"LPIPS diversity {o["lpips_diversity"]:F4}{mark} ({o["pairs"]} pairs)"); break;
                case "modes": yield return string.Create(CultureInfo.InvariantCulture, $"modes {o["modes_covered"]:F0}/{o["modes_total"]:F0}  KL to uniform {o["kl_to_uniform"]:F4}{mark}"); break;
                default:
                    foreach (var k in o.Metric.Results) yield return string.Create(CultureInfo.InvariantCulture, $"{k.Key} {o[k.Key]:F4}{mark}");
                    break;
            }
        }
    }
}
