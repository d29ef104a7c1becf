using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>Precision, recall, density and coverage of the generated side against the reference (clovaai prdc's
/// <c>compute_prdc(real, fake)</c>; <see cref="PrecisionRecallDensityCoverage"/>).</summary>
public sealed class PrdcMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Prdc;

    public void Check(EvaluationRequest request)
    {
        var s = request.Settings;
        if (s.PrdcK < 1) throw new InputException($"--prdc-k must be at least 1, got {s.PrdcK}");
        if (s.PrdcMaxSamples is < 2 and var m) throw new InputException($"--prdc-max-samples must be at least 2, got {m}");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var (generated, reference) = FeaturePair.Of(inputs, Descriptor);
        var s = inputs.Request.Settings;
        var (real, fake) = (FeaturePair.First(reference, s.PrdcMaxSamples), FeaturePair.First(generated, s.PrdcMaxSamples));
        var k = s.PrdcK;
        if (k >= real.Rows || k >= fake.Rows)
            throw new InputException($"--prdc-k {k} needs more than {k} samples on each side ({inputs.Reference}: {real.Rows}, {inputs.Generated}: {fake.Rows})");
        PrdcResult r;
        try
        {
            r = inputs.Progress.Track("PRDC distances", PrecisionRecallDensityCoverage.Work(real, fake), "pairs",
                p => PrecisionRecallDensityCoverage.Compute(real, fake, k, cancellation, p));
        }
        catch (ArgumentException e) { throw new InputException($"prdc: {e.Message}"); }
        return MetricOutcome.Of(Descriptor, new PrdcDetail(r, real.Rows, fake.Rows),
            ("precision", r.Precision), ("recall", r.Recall), ("density", r.Density), ("coverage", r.Coverage), ("prdc_k", k));
    }
}

/// <summary>PRDC and how many samples of each side it was computed on.</summary>
public sealed record PrdcDetail(PrdcResult Result, int RealRows, int FakeRows);
