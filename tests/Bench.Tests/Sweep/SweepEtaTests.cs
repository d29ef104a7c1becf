using MmaGan.Bench.Sweep;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class SweepEtaTests
{
    [Fact]
    public void RemainingIsThePaceSoFarTimesTheRunsLeft()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), SweepEta.Remaining(done: 4, todo: 10, elapsed: TimeSpan.FromMinutes(60)));
        Assert.Equal(TimeSpan.Zero, SweepEta.Remaining(done: 10, todo: 10, elapsed: TimeSpan.FromMinutes(60)));
        Assert.Equal(TimeSpan.Zero, SweepEta.Remaining(done: 0, todo: 10, elapsed: TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void RemainingFromFractionalProgress()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), SweepEta.Remaining(progress: 1.5, todo: 3, elapsed: TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.Zero, SweepEta.Remaining(progress: 0.0, todo: 3, elapsed: TimeSpan.FromMinutes(30)));
    }

    [Theory]
    [InlineData(20, "< 1 min left")]
    [InlineData(12 * 60, "≈ 12 min left")]
    [InlineData(125 * 60, "≈ 2 h 05 min left")]
    public void Text(int seconds, string expected) => Assert.Equal(expected, SweepEta.Text(TimeSpan.FromSeconds(seconds)));
}
