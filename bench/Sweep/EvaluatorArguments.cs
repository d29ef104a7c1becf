using System.Globalization;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// The <c>mmagan-eval</c> command lines that score one run's generator.onnx with the config's eval settings: one
/// <c>run</c> pass when FID and IS are both asked for (the same samples give pool3, logits and the LPIPS pairs), else one
/// command per metric. Both ways pass the same <c>is_splits</c>, <c>lpips_pairs</c> and <c>lpips_pairing</c>.
/// </summary>
public static class EvaluatorArguments
{
    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The metrics beyond FID/IS/LPIPS that <c>mmagan-eval run --metrics</c> adds, and their JSON keys.</summary>
    static readonly (string Metric, string[] Keys)[] FeatureMetrics =
        [("kid", ["kid_mean", "kid_std"]), ("prdc", ["precision", "recall", "density", "coverage"]), ("fd-inf", ["fd_inf"])];

    /// <summary>The feature metrics the config asks for, which the one-pass <c>run</c> computes too.</summary>
    public static List<(string Metric, string[] Keys)> ExtraMetrics(EvalSpec e) => FeatureMetrics.Where(f => e.Metrics.Contains(f.Metric)).ToList();

    /// <summary>Whether <see cref="Run"/> scores the run in one pass (FID and IS both asked for).</summary>
    public static bool UsesRunPass(EvalSpec e) => e.Metrics.Contains("fid") && e.Metrics.Contains("is");

    /// <summary><c>mmagan-eval run</c>: FID, IS and LPIPS diversity in one pass, one row appended to <paramref name="reportCsv"/>.</summary>
    public static List<string> Run(EvalSpec e, EvalAssets assets, RunSpec run, string onnx, string reportCsv)
    {
        // kid and prdc need the reference's features, not only its statistics: then the dataset itself is the reference
        // (the evaluator caches its features).
        var extra = ExtraMetrics(e);
        var byFeatures = e.Metrics.Contains("kid") || e.Metrics.Contains("prdc");
        var args = new List<string> { "run", "--generator", onnx, "--n", I(e.Samples),
            "--reference", byFeatures ? assets.DatasetReference(run.Dataset) : assets.ReferenceFor(run.Dataset),
            "--is-splits", I(e.IsSplits), "--lpips-pairs", I(e.LpipsPairs), "--lpips-pairing", e.LpipsPairing,
            "--out", reportCsv, "--device", e.Device, "--json" };
        if (extra.Count > 0)
            args.AddRange(["--metrics", string.Join(",", new[] { "fid", "is", "lpips" }.Where(e.Metrics.Contains).Concat(extra.Select(f => f.Metric)))]);
        if (byFeatures && e.ReferenceSamples is { } nRef) args.AddRange(["--n-ref", I(nRef)]);
        if (assets.Inception is not null) args.AddRange(["--inception", assets.Inception]);
        if (assets.Lpips is not null) args.AddRange(["--lpips", assets.Lpips]);
        return args;
    }

    /// <summary>One metric's own command (<c>toy</c>, <c>fid</c>, <c>is</c> or <c>lpips</c>) with <c>--json</c>.</summary>
    public static List<string> Metric(string metric, EvalSpec e, EvalAssets assets, RunSpec run, string onnx)
    {
        var args = metric switch
        {
            "toy" => new List<string> { "toy", onnx, "--data", run.Dataset, "--n", I(e.ToySamples) },
            "fid" => ["fid", onnx, assets.ReferenceFor(run.Dataset), "--n", I(e.Samples), "--device", e.Device],
            "is" => ["is", onnx, "--n", I(e.Samples), "--splits", I(e.IsSplits), "--device", e.Device],
            "lpips" => ["lpips", onnx, "--n-pairs", I(e.LpipsPairs), "--n", I(2 * e.LpipsPairs), "--pairs", e.LpipsPairing, "--device", e.Device],
            "kid" => ["kid", onnx, assets.DatasetReference(run.Dataset), "--n", I(e.Samples), "--subset-size", I(Math.Min(1000, e.Samples)), "--device", e.Device],
            "prdc" => ["prdc", assets.DatasetReference(run.Dataset), onnx, "--n", I(Math.Min(e.Samples, 10_000)), "--n-ref", I(e.ReferenceSamples ?? 10_000), "--device", e.Device],
            "fd-inf" => ["fd-inf", onnx, assets.ReferenceFor(run.Dataset), "--n", I(e.Samples), "--min-n", I(Math.Min(5000, e.Samples / 2)), "--device", e.Device],
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
        if (metric is "fid" or "is" or "kid" or "prdc" or "fd-inf" && assets.Inception is not null) args.AddRange(["--inception", assets.Inception]);
        if (metric is "kid" && e.ReferenceSamples is { } nRef) args.AddRange(["--n-ref", I(nRef)]);
        if (metric is "lpips" && assets.Lpips is not null) args.AddRange(["--lpips", assets.Lpips]);
        args.Add("--json");
        return args;
    }
}
