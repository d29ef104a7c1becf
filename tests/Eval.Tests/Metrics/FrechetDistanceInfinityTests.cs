using MmaGan.Eval.Metrics;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

public class FrechetDistanceInfinityTests
{
    /// <summary>
    /// Reference: FID_IS_infinity (github mchong6/FID_IS_infinity, score_infinity.py) <c>calculate_FID_infinity_path('real',
    /// 'fake', min_fake, num_points)</c> after <c>np.random.seed(seed)</c>, its source run unmodified (extracted with ast) with
    /// the Inception part stubbed to return fixed activations — fake = features(10, 600, 8), real = features(11, 500, 8, 1.3,
    /// −0.1) as float64 (<see cref="RandomFeatures"/>) — on Debian's python3-numpy 1.24 / scipy 1.10 / sklearn 1.2.
    /// </summary>
    [Theory]
    [InlineData(0u, 100, 6, 0.08601051956167365)]
    [InlineData(2020u, 250, 15, 0.08496791573857956)]
    public void MatchesFidIsInfinity(uint seed, int minN, int points, double expected)
    {
        var fake = RandomFeatures.Uniform(10, 600, 8);
        var real = RandomFeatures.Uniform(11, 500, 8, 1.3, -0.1);
        var stats = new GaussianStats(8);
        stats.AddBatch(real.Data, real.Rows);
        var r = FrechetDistanceInfinity.Compute(fake, stats.Mean(), stats.Covariance(), points, minN, seed);
        Assert.True(Math.Abs(r.FdInf - expected) <= 1e-6 * Math.Abs(expected), $"{r.FdInf:R} vs {expected:R}");
        if (seed == 0)
        {
            // the loop's first FID_N values (same calls by hand): N = 100, 200, 300
            Assert.Equal([100, 200, 300, 400, 500, 600], r.Points.Select(p => p.N));
            Assert.Equal(0.12428561162064566, r.Points[0].Fid, 1e-9);
            Assert.Equal(0.0932277730470652, r.Points[1].Fid, 1e-9);
            Assert.Equal(0.10539469523179967, r.Points[2].Fid, 1e-9);
        }
    }

    [Fact]
    public void SampleCountsAreNumpyLinspaceTruncated()
    {
        // np.linspace(250, 600, 15).astype('int32'); np.linspace(5000, 50000, 15).astype('int32')
        Assert.Equal([250, 275, 300, 325, 350, 375, 400, 425, 450, 475, 500, 525, 550, 575, 600], FrechetDistanceInfinity.SampleCounts(250, 600, 15));
        Assert.Equal([5000, 8214, 11428, 14642, 17857, 21071, 24285, 27500, 30714, 33928, 37142, 40357, 43571, 46785, 50000],
            FrechetDistanceInfinity.SampleCounts(5000, 50000, 15));
    }

    /// <summary>
    /// Gaussians with a closed-form Fréchet distance: generated N(μ, I₃₂) with μ = (1, 0, …, 0), reference exactly N(0, I₃₂):
    /// d² = ‖μ‖² = 1. FID_N is biased upwards by about d/N + d²/(4N) (0.14 at N = 2000, from the sample mean and the
    /// spread of the sample covariance's eigenvalues); the fit in 1/N removes it.
    /// </summary>
    [Theory]
    [InlineData(123u)]
    [InlineData(456u)]
    public void RecoversTheClosedFormDistanceOfGaussians(uint seed)
    {
        const int d = 32, n = 20000;
        var rng = new Mt19937(seed);
        var data = new float[n * d];
        for (var i = 0; i < data.Length; i += 2)
        {
            // Box–Muller
            var u1 = 1 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        for (var i = 0; i < n; i++) data[i * d] += 1;
        var fake = FeatureMatrix.Of(data, n, d);
        var sigma = new double[d * d];
        for (var i = 0; i < d; i++) sigma[i * d + i] = 1;
        var result = FrechetDistanceInfinity.Compute(fake, new double[d], sigma, 15, 2000, 7);
        var atMin = result.Points[0].Fid;
        Assert.True(Math.Abs(result.FdInf - 1) < 0.04, $"FD∞ {result.FdInf} vs 1 (FID at N=2000: {atMin})");
        Assert.True(atMin - 1 > 0.08, $"FID_2000 {atMin} should show the small-N bias");
    }

    [Fact]
    public void MinNNotBelowTheSampleCountIsRefused()
    {
        var f = RandomFeatures.Uniform(1, 50, 4);
        Assert.Throws<ArgumentException>(() => FrechetDistanceInfinity.Compute(f, new double[4], new double[16], 5, 50));
        Assert.Throws<ArgumentException>(() => FrechetDistanceInfinity.Compute(f, new double[3], new double[9], 5, 10));
    }
}
