using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The metrics of <c>mmagan-eval run --metrics fid,is,kid,prdc,lpips,fd-inf</c>, all from one pass of the generator's
/// samples through the Inception model: FID and FD∞ against the reference statistics, KID and PRDC against the
/// reference features, IS from the same pass's logits, LPIPS on the first samples. The sample-based metrics use their
/// commands' defaults: KID 100 subsets of min(1000, N, N_ref) with seed 2020; PRDC k = 5 on the first
/// <see cref="MaxPrdcSamples"/> samples of each side; FD∞ 15 points from min(5000, N/2) with seed 0.
/// </summary>
internal static class RunMetrics
{
    public static readonly string[] Known = ["fid", "is", "kid", "prdc", "lpips", "fd-inf"];
    public const string Default = "fid,is,lpips";
    public const int MaxPrdcSamples = 10_000;

    /// <summary>The CSV columns of each metric beyond the standard FID/IS/LPIPS ones, in report order.</summary>
    public static readonly (string Metric, string[] Columns)[] ExtraColumns =
        [("kid", ["kid_mean", "kid_std"]), ("prdc", ["precision", "recall", "density", "coverage"]), ("fd-inf", ["fd_inf"])];

    /// <summary>The comma-separated <c>--metrics</c> list as a set; one-line error on an unknown or empty one.</summary>
    public static IReadOnlySet<string> Parse(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var m = raw.ToLowerInvariant();
            if (!Known.Contains(m)) throw new InputException($"--metrics: unknown metric '{raw}' (expected a comma-separated list of {string.Join(", ", Known)})");
            set.Add(m);
        }
        return set.Count > 0 ? set : throw new InputException($"--metrics: no metric given (expected some of {string.Join(", ", Known)})");
    }

    public static bool NeedInception(IReadOnlySet<string> m) => m.Overlaps(["fid", "is", "kid", "prdc", "fd-inf"]);
    public static bool NeedFeatures(IReadOnlySet<string> m) => m.Overlaps(["kid", "prdc", "fd-inf"]);
    public static bool NeedReferenceFeatures(IReadOnlySet<string> m) => m.Overlaps(["kid", "prdc"]);
    public static bool NeedReferenceStats(IReadOnlySet<string> m) => m.Overlaps(["fid", "fd-inf"]);

    /// <summary>One pass of the generator: statistics, logits when <paramref name="wantLogits"/>, all features when <paramref name="wantFeatures"/>.</summary>
    public static (ExtractionResult Result, FeatureMatrix? Features) ExtractGenerator(SourceRunner runner, string name, Sources.IImageSource source,
        InceptionModel model, bool wantLogits, bool wantFeatures, ProgressReporter progress, CancellationToken ct)
    {
        if (!wantFeatures) return (runner.Extract(name, source, model, progress, ct, wantLogits), null);
        var tmp = Path.Combine(Path.GetTempPath(), $"mmagan-features-{Environment.ProcessId}-{Guid.NewGuid():N}.npy");
        try
        {
            ExtractionResult r;
            using (var writer = new StreamingNpyWriter(tmp, source.Count, model.FeatureSize))
            {
                r = runner.Extract(name, source, model, progress, ct, wantLogits, writer);
                writer.Complete();
            }
            return (r, FeatureMatrix.Of(Npy.Read(tmp).AsFloat(), r.Count, model.FeatureSize));
        }
        finally { try { File.Delete(tmp); } catch (IOException) { } }
    }

    /// <summary>KID, PRDC and FD∞ (those requested), as report columns.</summary>
    public static List<KeyValuePair<string, double>> ComputeExtra(IReadOnlySet<string> metrics, string genName, FeatureMatrix? gen,
        string refName, FeatureMatrix? refFeatures, FeatureStats? refStats, ProgressReporter progress, CancellationToken ct)
    {
        var values = new Dictionary<string, double>();
        if (metrics.Contains("kid"))
        {
            var m = Math.Min(KernelInceptionDistance.DefaultSubsetSize, Math.Min(gen!.Rows, refFeatures!.Rows));
            if (m < KernelInceptionDistance.DefaultSubsetSize)
                Console.Error.WriteLine($"kid: subsets of {m} (fewer than {KernelInceptionDistance.DefaultSubsetSize} samples on a side)");
            var r = KidCommand.Compute(genName, gen, refName, refFeatures, KernelInceptionDistance.DefaultSubsets, m, new PolynomialKernel(),
                KernelInceptionDistance.DefaultSeed, progress, ct);
            values["kid_mean"] = r.Mean;
            values["kid_std"] = r.Std;
        }
        if (metrics.Contains("prdc"))
        {
            var real = First(refFeatures!, MaxPrdcSamples);
            var fake = First(gen!, MaxPrdcSamples);
            var r = PrdcCommand.Compute(refName, real, genName, fake, PrecisionRecallDensityCoverage.DefaultK, progress, ct);
            (values["precision"], values["recall"], values["density"], values["coverage"]) = (r.Precision, r.Recall, r.Density, r.Coverage);
        }
        if (metrics.Contains("fd-inf"))
        {
            var minN = Math.Min(FrechetDistanceInfinity.DefaultMinN, gen!.Rows / 2);
            if (minN < FrechetDistanceInfinity.DefaultMinN) Console.Error.WriteLine($"fd-inf: smallest N {minN} (fewer than {2 * FrechetDistanceInfinity.DefaultMinN} samples)");
            values["fd_inf"] = FdInfCommand.Compute(genName, gen, refName, refStats!.Mu, refStats.Sigma, FrechetDistanceInfinity.DefaultPoints,
                minN, FdInfCommand.DefaultSeed, progress, ct).FdInf;
        }
        return ExtraColumns.Where(e => metrics.Contains(e.Metric)).SelectMany(e => e.Columns)
            .Select(c => new KeyValuePair<string, double>(c, values[c])).ToList();
    }

    static FeatureMatrix First(FeatureMatrix f, int rows) => f.Rows <= rows ? f : FeatureMatrix.Of(f.Data, rows, f.Cols);
}
