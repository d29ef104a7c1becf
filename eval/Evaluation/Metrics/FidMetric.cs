using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>FID: the Fréchet distance of the two sides' feature statistics (pytorch-fid's <c>calculate_frechet_distance</c>; <see cref="FrechetDistance"/>).</summary>
public sealed class FidMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Fid;

    public void Check(EvaluationRequest request) { }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var r = Distance(inputs.Generated, inputs.GeneratedData(Descriptor).Statistics!, inputs.Reference, inputs.ReferenceData(Descriptor).Statistics!);
        return MetricOutcome.Of(Descriptor, r, ("fid", r.Fid));
    }

    /// <summary>The Fréchet distance of two sides' statistics; one line naming both when they do not fit together.</summary>
    public static FrechetResult Distance(string nameA, Features.FeatureStats a, string nameB, Features.FeatureStats b)
    {
        if (a.Dimension != b.Dimension)
            throw new InputException($"{nameA}: {a.Dimension}-d statistics cannot be compared with {nameB}: {b.Dimension}-d statistics");
        try { return FrechetDistance.ComputeDetailed(a.Mu, a.Sigma, b.Mu, b.Sigma); }
        catch (ArgumentException e) { throw new InputException($"{nameA} vs {nameB}: {e.Message}"); }
    }
}
