using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>FD∞: FID extrapolated to infinitely many generated samples (FID_IS_infinity's <c>calculate_FID_infinity</c>;
/// <see cref="FrechetDistanceInfinity"/>), from the generated side's features and the reference's statistics.</summary>
public sealed class FdInfMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.FdInf;

    public void Check(EvaluationRequest request)
    {
        var s = request.Settings;
        if (s.FdInfPoints < 2) throw new InputException($"--fd-inf-points must be at least 2, got {s.FdInfPoints}");
        if (s.FdInfMinN is < 2 and var m) throw new InputException($"--fd-inf-min-n must be at least 2, got {m}");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var fake = inputs.GeneratedData(Descriptor).Features!;
        var real = inputs.ReferenceData(Descriptor).Statistics!;
        var s = inputs.Request.Settings;
        var minN = s.FdInfMinN ?? Math.Min(EvaluationDefaults.FdInfMinN, fake.Rows / 2);
        if (s.FdInfMinN is null && minN < EvaluationDefaults.FdInfMinN)
            Console.Error.WriteLine($"fd-inf: smallest N {minN} (fewer than {2 * EvaluationDefaults.FdInfMinN} samples)");
        if (real.Dimension != fake.Cols)
            throw new InputException($"{inputs.Generated}: {fake.Cols}-d features cannot be compared with {inputs.Reference}: {real.Dimension}-d statistics");
        if (fake.Rows <= minN)
            throw new InputException($"--fd-inf-min-n {minN} must be smaller than the number of generated samples ({inputs.Generated}: {fake.Rows})");
        var seed = inputs.Request.Seeds.FdInfShuffle;
        FdInfResult r;
        try
        {
            r = inputs.Progress.Track("FD∞", FrechetDistanceInfinity.Work(fake.Rows, s.FdInfPoints, minN), "rows",
                p => FrechetDistanceInfinity.Compute(fake, real.Mu, real.Sigma, s.FdInfPoints, minN, seed, cancellation, p));
        }
        catch (ArgumentException e) { throw new InputException($"fd-inf {inputs.Generated} vs {inputs.Reference}: {e.Message}"); }
        return MetricOutcome.Of(Descriptor, r, ("fd_inf", r.FdInf), ("fd_inf_seed", seed));
    }
}
