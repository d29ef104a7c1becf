using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>LPIPS diversity: the mean LPIPS distance over pairs of the generated side's images (<see cref="LpipsDiversity"/>).</summary>
public sealed class LpipsMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Lpips;

    public void Check(EvaluationRequest request)
    {
        var s = request.Settings;
        if (!EvaluationDefaults.LpipsPairings.Contains(s.LpipsPairing))
            throw new InputException($"--lpips-pairing '{s.LpipsPairing}': expected {string.Join(" or ", EvaluationDefaults.LpipsPairings)}");
        if (s.LpipsPairs is { } p && (p < 1 || p > int.MaxValue / 2)) throw new InputException($"--lpips-pairs {p}: must be positive");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var s = inputs.Request.Settings;
        var seed = inputs.Request.Seeds.LpipsPairs;
        using var source = inputs.OpenGenerated(s.LpipsSamples);
        var r = inputs.Reader.Diversity(inputs.Generated, source, inputs.Lpips, s.LpipsPairing, s.LpipsPairs, seed, inputs.Progress, cancellation);
        return MetricOutcome.Of(Descriptor, r, ("lpips_diversity", r.Mean), ("pairs", r.Pairs), ("lpips_pairing", s.LpipsPairing),
            ("lpips_seed", s.LpipsPairing == "random" ? seed : null));
    }
}
