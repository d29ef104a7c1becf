using MmaGan.Eval.Metrics;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

public class LpipsDiversityTests
{
    /// <summary>
    /// Random pairs equal numpy 1.24's: rs = np.random.RandomState(seed); repeat a, b = rs.randint(count), rs.randint(count),
    /// skipping a == b and pairs already drawn; each pair stored as (min, max).
    /// </summary>
    [Theory]
    [InlineData(10, 12, 3, new[] { 8, 9, 3, 8, 0, 8, 3, 5, 5, 7, 0, 6, 4, 7, 1, 8, 2, 6, 1, 2, 7, 8, 0, 5 })]
    [InlineData(2000, 5, 42, new[] { 1126, 1459, 860, 1294, 1095, 1130, 1044, 1724, 121, 1638 })]
    [InlineData(4, 6, 0, new[] { 0, 3, 0, 1, 1, 3, 1, 2, 0, 2, 2, 3 })]
    public void RandomPairs_MatchNumpyRandomState(int count, int n, int seed, int[] expected)
    {
        var pairs = LpipsDiversity.Pairs(count, "random", n, seed);
        Assert.Equal(expected, pairs.SelectMany(p => new[] { p.A, p.B }));
    }

    [Fact]
    public void ConsecutivePairs_AreNeighbours()
    {
        Assert.Equal([(0, 1), (2, 3), (4, 5)], LpipsDiversity.Pairs(7, "consecutive", 3, seed: 9));
        Assert.Throws<MmaGan.Shared.IO.InputException>(() => LpipsDiversity.Pairs(7, "consecutive", 4, seed: 0));
    }
}
