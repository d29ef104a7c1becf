using MmaGan.Bench.Stats;
using Xunit;

namespace MmaGan.Bench.Tests.Stats;

public class HolmTests
{
    // Reference: statsmodels 0.13.5, multipletests(p, method="holm")[1] (Debian's python3-statsmodels).
    [Theory]
    [InlineData(new[] { 0.01, 0.04, 0.03, 0.005 }, new[] { 0.03, 0.06, 0.06, 0.02 })]
    [InlineData(new[] { 0.008, 0.151, 0.008, 0.69, 0.032, 0.42, 0.055, 0.841, 0.0079 },
                new[] { 0.0711, 0.604, 0.0711, 1.0, 0.192, 1.0, 0.275, 1.0, 0.0711 })]
    [InlineData(new[] { 0.5, 0.5, 0.9 }, new[] { 1.0, 1.0, 1.0 })]
    public void MatchesStatsmodels(double[] p, double[] expected)
    {
        var adjusted = Holm.Adjust(p);
        Assert.Equal(expected.Length, adjusted.Length);
        for (var i = 0; i < p.Length; i++) Assert.Equal(expected[i], adjusted[i], 12);
    }

    [Fact]
    public void AComparisonNotMade_IsNotInTheFamily()
    {
        // Two real tests: m = 2 (statsmodels would count the NaN and give 0.08 / 0.03).
        var adjusted = Holm.Adjust([0.04, double.NaN, 0.01]);
        Assert.Equal(0.04, adjusted[0], 12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.02, adjusted[2], 12);
    }

    [Fact]
    public void EmptyFamily_GivesEmpty() => Assert.Empty(Holm.Adjust([]));
}
