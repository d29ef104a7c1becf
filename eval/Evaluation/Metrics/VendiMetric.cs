using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>The Vendi score of the generated side's features (cosine kernel; vertaix/Vendi-Score's score_X/score_dual,
/// dgm-eval's compute_vendi_score; <see cref="VendiScore"/>): no reference.</summary>
public sealed class VendiMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Vendi;

    public void Check(EvaluationRequest request)
    {
        var q = request.Settings.VendiQ;
        if (double.IsNaN(q) || q < 0) throw new InputException($"--vendi-q must be ≥ 0 (or inf), got {q}");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var f = inputs.GeneratedData(Descriptor).Features!;
        var q = inputs.Request.Settings.VendiQ;
        var vs = VendiScore.Compute(f, q);
        return MetricOutcome.Of(Descriptor, new VendiResult(vs, f.Rows, f.Cols, q), ("vendi", vs), ("vendi_q", QText(q)));
    }

    /// <summary>q as reports write it: "1", "0.5", "inf".</summary>
    public static string QText(double q) => double.IsPositiveInfinity(q) ? "inf" : q.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A Vendi score and what it was computed from.</summary>
public sealed record VendiResult(double Score, int Samples, int Dimension, double Q);
