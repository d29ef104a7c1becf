using MmaGan.Eval.Metrics;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>Stacked MNIST's modes covered (of 1,000) and KL of the mode distribution to uniform (PacGAN's; <see cref="ModeCoverage"/>):
/// each channel's digit is the arg-max of the digit classifier's logits; a gray source is one digit per image (10 modes, <see cref="DigitBlocks"/>).</summary>
public sealed class ModesMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.Modes;

    public void Check(EvaluationRequest request) { }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var logits = inputs.GeneratedData(Descriptor).Logits!;
        var r = Of(logits.Data, logits.Rows);
        return MetricOutcome.Of(Descriptor, r, ("modes_covered", r.ModesCovered), ("kl_to_uniform", r.KlToUniform), ("modes_total", r.ModesTotal),
            ("n", r.N), ("digits", DigitsOf(r)));
    }

    /// <summary>The modes of <paramref name="n"/> images' logits [n, 3·10].</summary>
    public static ModeCoverageResult Of(float[] logits, int n)
    {
        const int classes = Features.DigitClassifierModel.Classes;
        var digits = DigitBlocks.Count(logits.AsSpan(0, n * DigitBlocks.PerImage * classes), n);
        var chosen = new int[n * digits];
        for (var i = 0; i < n; i++)
            for (var d = 0; d < digits; d++)
            {
                var o = (i * DigitBlocks.PerImage + d) * classes;
                var best = 0;
                for (var c = 1; c < classes; c++) if (logits[o + c] > logits[o + best]) best = c;
                chosen[i * digits + d] = best;
            }
        return ModeCoverage.FromDigits(chosen, n, digits);
    }

    static int DigitsOf(ModeCoverageResult r) => (int)Math.Round(Math.Log10(r.ModesTotal));
}
