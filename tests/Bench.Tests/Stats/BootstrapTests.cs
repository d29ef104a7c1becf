using MmaGan.Bench.Stats;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Stats;

public class BootstrapTests
{
    [Fact]
    public void Quantile_MatchesNumpyLinear()
    {
        // numpy.percentile([1,2,3,4], [2.5, 50, 97.5]) = [1.075, 2.5, 3.925]
        double[] v = [1, 2, 3, 4];
        Assert.Equal(1.075, Bootstrap.Quantile(v, 0.025), 12);
        Assert.Equal(2.5, Bootstrap.Quantile(v, 0.5), 12);
        Assert.Equal(3.925, Bootstrap.Quantile(v, 0.975), 12);
    }

    [Fact]
    public void Constant_GivesDegenerateInterval()
    {
        var ci = Bootstrap.Mean([3, 3, 3, 3]);
        Assert.Equal((3.0, 3.0, 3.0), (ci.Estimate, ci.Low, ci.High));
    }

    [Fact]
    public void Interval_IsWithinRangeAndContainsMean_AndReproducible()
    {
        double[] v = [1, 5, 2, 8, 4];
        var a = Bootstrap.Mean(v);
        var b = Bootstrap.Mean(v);
        Assert.Equal(a, b);
        Assert.Equal(4.0, a.Estimate, 12);
        Assert.True(a.Low >= 1 && a.High <= 8 && a.Low < 4 && a.High > 4);
        // The bootstrap distribution of a mean of 5 values has sd ≈ sd_pop/√5 = 2.449/2.236 ≈ 1.10 → 95% width ≈ 4.3.
        Assert.InRange(a.High - a.Low, 3.5, 5.0);
    }

    [Fact]
    public void Difference_SeparatedGroups_ExcludesZero()
    {
        var d = Bootstrap.MeanDifference([10, 11, 12, 13, 14], [1, 2, 3, 4, 5]);
        Assert.Equal(9.0, d.Estimate, 12);
        Assert.True(d.Low > 6 && d.High < 12);
    }

    [Fact]
    public void Empty_IsNaN()
    {
        Assert.True(double.IsNaN(Bootstrap.Mean([]).Estimate));
        var one = Bootstrap.Mean([7]);
        Assert.Equal((7.0, 7.0, 7.0), (one.Estimate, one.Low, one.High));
    }
}
