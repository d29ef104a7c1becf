using MmaGan.Shared.Toy;
using Xunit;

namespace MmaGan.Shared.Tests.Toy;

public class ToyMetricsTests
{
    [Fact]
    public void MixtureGeometryMatchesTheSpec()
    {
        var ring = ToyMixture.Get("ring8");
        Assert.Equal(8, ring.Centres.Length);
        Assert.All(ring.Centres, c => Assert.Equal(2.0, Math.Sqrt(c.X * c.X + c.Y * c.Y), 12));
        Assert.Equal(0.02, ring.Sigma);
        var grid = ToyMixture.Get("grid25");
        Assert.Equal(25, grid.Centres.Length);
        Assert.Contains((-4.0, 4.0), grid.Centres);
        Assert.Equal(0.05, grid.Sigma);
    }

    [Fact]
    public void TrueDistributionCoversEveryModeWithNearZeroReverseKl()
    {
        var grid = ToyMixture.Get("grid25");
        var samples = grid.Sample(2500, new Random(1));
        var m = ToyMetrics.Compute(grid, samples);
        Assert.Equal(25, m.ModesCoveredHq);
        Assert.Equal(25, m.ModesCovered1pct);
        Assert.True(m.HqFraction > 0.98);
        Assert.True(m.ReverseKl < 0.02);
    }

    [Fact]
    public void HandMadeSamplesGiveHandComputedMetrics()
    {
        var ring = ToyMixture.Get("ring8");
        // 3 samples on centre 0 (2,0), 1 on centre 2 (0,2), 1 far away (not high quality).
        float[] s = [2, 0, 2.01f, 0, 2, -0.01f, 0, 2, 10, 10];
        var m = ToyMetrics.Compute(ring, s);
        Assert.Equal(5, m.N);
        Assert.Equal(2, m.ModesCoveredHq);
        Assert.Equal(2, m.ModesCovered1pct); // ceil(0.05) = 1 sample suffices
        Assert.Equal(0.8, m.HqFraction, 12);
        var expected = 0.75 * Math.Log(0.75 * 8) + 0.25 * Math.Log(0.25 * 8);
        Assert.Equal(expected, m.ReverseKl, 12);
    }

    [Fact]
    public void NoHighQualitySampleGivesWorstReverseKl()
    {
        var m = ToyMetrics.Compute(ToyMixture.Get("grid25"), [100f, 100f]);
        Assert.Equal(0, m.ModesCoveredHq);
        Assert.Equal(Math.Log(25), m.ReverseKl, 12);
    }
}
