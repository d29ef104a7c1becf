using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>
/// The Fréchet distance in the digit classifier's features, so that image quality is judged by a network trained on the data:
/// an image's feature vector is its digits' features side by side (3·128 for Stacked MNIST; for a gray source, whose three blocks
/// are equal, the one digit's 128), the same formula as FID (<see cref="FrechetDistance"/>).
/// </summary>
public sealed class FdClassifierMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.FdClassifier;

    public void Check(EvaluationRequest request) { }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var a = OneBlockIfGray(inputs.GeneratedData(Descriptor).Statistics!, inputs.Generated);
        var b = OneBlockIfGray(inputs.ReferenceData(Descriptor).Statistics!, inputs.Reference);
        if (a.Digits != b.Digits)
            throw new InputException($"{inputs.Generated} holds {a.Digits} digit(s) per image and {inputs.Reference} {b.Digits}: compare Stacked MNIST with Stacked MNIST, MNIST with MNIST");
        var r = FidMetric.Distance(inputs.Generated, a.Stats, inputs.Reference, b.Stats);
        return MetricOutcome.Of(Descriptor, r, ("fd_classifier", r.Fid));
    }

    /// <summary>The statistics of the first digit block when all three are the same digit (a gray source).</summary>
    static (FeatureStats Stats, int Digits) OneBlockIfGray(FeatureStats s, string source)
    {
        if (s.Dimension % DigitBlocks.PerImage != 0) throw InputException.ForFile(source, $"{s.Dimension}-d statistics are not the digit classifier's (three blocks of features)");
        if (DigitBlocks.Count(s.Mu) == DigitBlocks.PerImage) return (s, DigitBlocks.PerImage);
        var d = s.Dimension;
        var b = d / DigitBlocks.PerImage;
        var sigma = new double[b * b];
        for (var i = 0; i < b; i++) Array.Copy(s.Sigma, i * d, sigma, i * b, b);
        return (new FeatureStats(s.Mu[..b], sigma, s.Count, null), 1);
    }
}
