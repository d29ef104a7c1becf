using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Toy;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>Mode coverage, high-quality fraction and reverse KL of a 2-D toy generator's samples against its mixture
/// (the reference side names it: ring8, grid25, ring8-pacgan; <see cref="ToyMetrics"/>).</summary>
public sealed class ToyMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Toy;

    public void Check(EvaluationRequest request)
    {
        if (request.Settings.ToySamples < 1) throw new InputException($"--n must be positive, got {request.Settings.ToySamples}");
        if (request.Reference is not { } mixture || !ToyMixture.IsToy(mixture))
            throw new InputException($"--data '{request.Reference}': expected {string.Join(", ", ToyMixture.Names)}");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var path = inputs.Generated;
        var count = inputs.Request.Settings.ToySamples;
        var reading = inputs.Request.Reading;
        using var g = OnnxGenerator.Open(path, reading.Threads, reading.Device);
        if (g.SampleShape is not [2]) throw InputException.ForFile(path, $"a toy generator outputs [N,2]; this one outputs [N,{string.Join(",", g.SampleShape)}]");
        Shared.IO.MemoryBudget.Elements(count, g.SampleSize, sizeof(float), $"--n {count} samples of {path}");
        var samples = g.Run(StandardNormalLatents.SampleRows(inputs.Request.Seeds.Latent, count, g.LatentSize, $"--n {count} samples of {path}"), count);
        var bad = samples.Count(v => !float.IsFinite(v));
        if (bad > 0) throw InputException.ForFile(path, $"generator output has {bad} NaN/infinite values in {count} samples");
        var mixture = ToyMixture.Get(inputs.Reference);
        var r = ToyMetrics.Compute(mixture, samples);
        return MetricOutcome.Of(Descriptor, new ToyDetail(r, mixture, samples),
            ("modes_covered_hq", r.ModesCoveredHq), ("modes_covered_1pct", r.ModesCovered1pct), ("hq_fraction", r.HqFraction),
            ("reverse_kl", r.ReverseKl), ("modes_total", r.ModesTotal), ("n", r.N));
    }
}

/// <summary>The toy metrics with the mixture and the samples they were computed on ([n,2] row-major).</summary>
public sealed record ToyDetail(ToyMetricsResult Result, ToyMixture Mixture, float[] Samples);
