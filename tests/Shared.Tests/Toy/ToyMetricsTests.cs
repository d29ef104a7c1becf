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

    [Fact]
    public void SampleTable_NamesEachSamplesNearestCentreAndDistanceInSigmas()
    {
        var grid = ToyMixture.Get("grid25");
        var path = Path.Combine(Path.GetTempPath(), $"toy-samples-{Guid.NewGuid():N}.csv");
        // On a centre; 2σ right of (2, 2); 4σ above (−4, −4); halfway between (0, 0) and (2, 0) (tie: the first centre listed).
        float[] xy = [0, 0, 2.1f, 2, -4, -3.8f, 1, 0];
        ToySampleTable.Write(path, grid, xy);
        var rows = File.ReadAllLines(path).Skip(1).Select(r => r.Split(',')).ToArray();
        File.Delete(path);
        Assert.Equal(4, rows.Length);
        int Mode(double x, double y) => Array.IndexOf(grid.Centres, (x, y));
        Assert.Equal([Mode(0, 0).ToString(), Mode(2, 2).ToString(), Mode(-4, -4).ToString()], rows.Take(3).Select(r => r[2]));
        Assert.Equal(0, double.Parse(rows[0][3], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Equal(2, double.Parse(rows[1][3], System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Equal(4, double.Parse(rows[2][3], System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Equal(["1", "1", "0", "0"], rows.Select(r => r[4]));
        Assert.Equal(grid.Nearest(1, 0).Mode.ToString(), rows[3][2]);
    }
}
