using System.Diagnostics;
using MmaGan.Eval.Metrics;
using Xunit;
using Xunit.Abstractions;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// FID of rank-deficient 2048-d statistics (N &lt; d samples of <see cref="RankDeficientFeatures"/>, with dead
/// features) against pytorch-fid's calculate_frechet_distance run by Debian's python3-scipy 1.10.1
/// (reference/pytorch_fid_reference.py on the statistics these tests compute; scipy's sqrtm needed no ε offset for any
/// of them). Before, these took the ε-offset route and were off by ~2e-4 relative, or threw "tridiagonal QL did not converge".
/// </summary>
public class RankDeficientFidTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10, 26.323978949428174)]
    [InlineData(100, 20.45792369302793)]
    [InlineData(300, 21.57488281729324)]
    [InlineData(1000, 21.84366282096767)]
    public void MatchesPytorchFidOnRankDeficient2048dStatistics(int n, double expected)
    {
        var a = RankDeficientFeatures.Stats(n, 2048, n);
        var b = RankDeficientFeatures.Stats(n, 2048, n + 1, 0.1);
        var clock = Stopwatch.StartNew();
        var r = FrechetDistance.ComputeDetailed(a.Mean(), a.Covariance(), b.Mean(), b.Covariance());
        output.WriteLine($"N={n}: fid {r.Fid:R} (pytorch-fid {expected:R}, relative {Math.Abs(r.Fid - expected) / expected:G3}) in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.False(r.UsedEpsilonOffset);
        Assert.True(Math.Abs(r.Fid - expected) <= 1e-6 * expected, $"{r.Fid:R} vs {expected:R}");
    }
}
