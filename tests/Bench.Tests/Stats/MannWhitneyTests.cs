using MmaGan.Bench.Stats;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Stats;

public class MannWhitneyTests
{
    // Expected values derived by hand from the null distribution / scipy's documented formulas
    // (scipy.stats.mannwhitneyu(x, y, alternative="two-sided"), method="auto").

    [Fact]
    public void Exact_FullySeparated3v3_Is1Over10()
    {
        // C(6,3) = 20 arrangements; U = 9 only for one of them: p = 2 · 1/20.
        var r = MannWhitney.Test([1, 2, 3], [4, 5, 6]);
        Assert.Equal("exact", r.Method);
        Assert.Equal(0, r.U1);
        Assert.Equal(0.1, r.PValue, 12);
    }

    [Fact]
    public void Exact_FullySeparated5v5_Is2Over252()
    {
        var r = MannWhitney.Test([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
        Assert.Equal(25, r.U1);
        Assert.Equal(2.0 / 252, r.PValue, 12);
    }

    [Fact]
    public void Exact_Interleaved3v3_Is0Point7()
    {
        // U1 = 3, U = 6; counts of U over the 20 arrangements: 1,1,2,3,3,3,3,2,1,1 → P(U ≥ 6) = 7/20, p = 0.7.
        var r = MannWhitney.Test([1, 3, 5], [2, 4, 6]);
        Assert.Equal(3, r.U1);
        Assert.Equal(0.7, r.PValue, 12);
    }

    [Fact]
    public void ExactTail_SumsToOne()
    {
        Assert.Equal(1.0, MannWhitney.ExactUpperTail(4, 7, 0), 12);
        Assert.Equal(1.0 / 330, MannWhitney.ExactUpperTail(4, 7, 28), 12); // C(11,4) = 330
    }

    [Fact]
    public void Asymptotic_WithTies_UsesTieCorrectionAndContinuity()
    {
        // x=[1,2,2,3], y=[2,3,4,5]: mid-ranks 1,3,3,(3),5.5,(5.5),7,8 → R1 = 12.5, U1 = 2.5, U = 13.5;
        // σ² = 16/12·(9 − (24+6)/56); z = (13.5 − 8 − 0.5)/σ; p = erfc(z/√2) = 0.13665824773814753.
        var r = MannWhitney.Test([1, 2, 2, 3], [2, 3, 4, 5]);
        Assert.Equal("asymptotic", r.Method);
        Assert.Equal(2.5, r.U1);
        Assert.Equal(0.13665824773814753, r.PValue, 10);
    }

    [Fact]
    public void Asymptotic_LargeSamplesWithoutTies()
    {
        // n1 = n2 = 9 (> 8 both): U = 81, μ = 40.5, σ² = 81·19/12, z = 40/σ.
        var x = Enumerable.Range(10, 9).Select(i => (double)i).ToArray();
        var y = Enumerable.Range(1, 9).Select(i => (double)i).ToArray();
        var r = MannWhitney.Test(x, y);
        Assert.Equal("asymptotic", r.Method);
        var z = 40 / Math.Sqrt(81 * 19 / 12.0);
        Assert.Equal(2 * MannWhitney.NormalUpperTail(z), r.PValue, 12);
        Assert.InRange(r.PValue, 0.0004, 0.0005); // 2·(1 − Φ(3.532)) ≈ 4.12e-4
    }

    [Fact]
    public void AllEqual_GivesPOne()
    {
        Assert.Equal(1.0, MannWhitney.Test([2, 2, 2], [2, 2, 2]).PValue);
    }
}
