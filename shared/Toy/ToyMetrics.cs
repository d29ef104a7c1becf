namespace MmaGan.Shared.Toy;

/// <summary>Mode-coverage metrics of 2-D samples against a <see cref="ToyMixture"/>.</summary>
public sealed record ToyMetricsResult(int N, int ModesTotal, int ModesCoveredHq, int ModesCovered1pct, double HqFraction, double ReverseKl);

/// <summary>
/// The metrics of the mode-collapse literature (VEEGAN, PacGAN, Unrolled GAN): each sample is assigned to its nearest
/// centre and is <i>high quality</i> when within 3σ of it. Coverage is counted two ways: modes with at least one
/// high-quality sample, and modes holding at least 1% of all samples' high-quality assignments (⌈0.01·n⌉ samples).
/// Reverse KL is KL(q ‖ p) of the histogram q of high-quality samples over modes against the uniform p = 1/K:
/// Σ_k q_k log(q_k K), 0·log 0 = 0. It ranges from 0 (all modes equally hit) to log K (one mode); with no
/// high-quality sample at all q is undefined and we report the worst value, log K.
/// </summary>
public static class ToyMetrics
{
    public const int DefaultSamples = 2500;

    public static ToyMetricsResult Compute(ToyMixture mixture, ReadOnlySpan<float> samplesXy)
    {
        if (samplesXy.Length % 2 != 0) throw new ArgumentException("samples must be [n,2]");
        var n = samplesXy.Length / 2;
        var k = mixture.Centres.Length;
        var counts = new int[k];
        var hq = 0;
        for (var i = 0; i < n; i++)
        {
            var (bestK, distance) = mixture.Nearest(samplesXy[2 * i], samplesXy[2 * i + 1]);
            if (bestK >= 0 && distance <= mixture.HighQualityRadius) { counts[bestK]++; hq++; }
        }
        var minCount = Math.Max(1, (int)Math.Ceiling(0.01 * n));
        var coveredHq = counts.Count(c => c > 0);
        var covered1 = counts.Count(c => c >= minCount);
        double reverseKl;
        if (hq == 0) reverseKl = Math.Log(k);
        else
        {
            reverseKl = 0;
            foreach (var c in counts)
            {
                if (c == 0) continue;
                var q = (double)c / hq;
                reverseKl += q * Math.Log(q * k);
            }
        }
        return new ToyMetricsResult(n, k, coveredHq, covered1, n == 0 ? 0 : (double)hq / n, reverseKl);
    }
}
