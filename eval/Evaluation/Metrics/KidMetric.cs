using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>KID of the generated side's features against the reference's (torch-fidelity's <c>kid_features_to_metric</c>; <see cref="KernelInceptionDistance"/>).</summary>
public sealed class KidMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Kid;

    public void Check(EvaluationRequest request)
    {
        var s = request.Settings;
        if (s.KidSubsets < 1) throw new InputException($"--kid-subsets must be at least 1, got {s.KidSubsets}");
        if (s.KidSubsetSize is < 2 and var m) throw new InputException($"--kid-subset-size must be at least 2, got {m}");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var (a, b) = FeaturePair.Of(inputs, Descriptor);
        var s = inputs.Request.Settings;
        var m = s.KidSubsetSize ?? Math.Min(EvaluationDefaults.KidSubsetSize, Math.Min(a.Rows, b.Rows));
        if (s.KidSubsetSize is null && m < EvaluationDefaults.KidSubsetSize)
            Shared.Cli.Warnings.Once($"kid: subsets of {m} samples, not the default {EvaluationDefaults.KidSubsetSize}: {inputs.Generated} has {a.Rows}, {inputs.Reference} {b.Rows} (KID depends on the subset size; --kid-subset-size sets it)");
        if (m > a.Rows || m > b.Rows)
            throw new InputException($"--kid-subset-size {m} is larger than the number of samples ({inputs.Generated}: {a.Rows}, {inputs.Reference}: {b.Rows})");
        var seed = inputs.Request.Seeds.KidSubsets;
        KidResult r;
        try
        {
            r = inputs.Progress.Track("KID", s.KidSubsets, "subsets",
                p => KernelInceptionDistance.Compute(a, b, s.KidSubsets, m, s.KidKernel ?? new PolynomialKernel(), seed, p, cancellation));
        }
        catch (ArgumentException e) { throw new InputException($"kid: {e.Message}"); }
        return MetricOutcome.Of(Descriptor, r, ("kid_mean", r.Mean), ("kid_std", r.Std), ("kid_subsets", s.KidSubsets), ("kid_subset_size", m), ("kid_seed", seed));
    }
}

/// <summary>Both sides' feature rows for a metric, checked to have the same dimension.</summary>
static class FeaturePair
{
    public static (FeatureMatrix Generated, FeatureMatrix Reference) Of(EvaluationInputs inputs, MetricDescriptor metric)
    {
        var a = inputs.GeneratedData(metric).Features!;
        var b = inputs.ReferenceData(metric).Features!;
        if (a.Cols != b.Cols) throw new InputException($"{inputs.Generated}: {a.Cols}-d features cannot be compared with {inputs.Reference}: {b.Cols}-d features");
        return (a, b);
    }

    /// <summary>The first <paramref name="rows"/> rows (all when null or fewer).</summary>
    public static FeatureMatrix First(FeatureMatrix f, int? rows) => rows is { } r && f.Rows > r ? FeatureMatrix.Of(f.Data, r, f.Cols) : f;
}
