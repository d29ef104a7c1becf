using MmaGan.Eval.Features;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// The statistics behind <see cref="RankDeficientFidTests"/> as the reference script reads them
/// (<c>/usr/bin/python3 reference/pytorch_fid_reference.py DIR/g10.npz DIR/c10.npz …</c> recomputes its reference values):
/// written and read back exactly. Here for N = 10 into a temporary folder; with <c>MMAGAN_FIXTURES_OUT=DIR</c> for every N
/// of the tests, into DIR.
/// </summary>
public class RankDeficientFixtureWriter
{
    [Fact]
    public void StatisticsFilesForTheReferenceScriptReadBackExactly()
    {
        var given = Environment.GetEnvironmentVariable("MMAGAN_FIXTURES_OUT");
        var dir = given ?? SharedFixtures.TempDir();
        Directory.CreateDirectory(dir);
        foreach (var n in given is null ? [10] : new[] { 10, 100, 300, 1000 })
            foreach (var (name, stats) in new[] { ($"g{n}.npz", RankDeficientFeatures.Stats(n, 2048, n)), ($"c{n}.npz", RankDeficientFeatures.Stats(n, 2048, n + 1, 0.1)) })
            {
                var path = Path.Combine(dir, name);
                StatsFile.Write(path, stats);
                var back = StatsFile.Read(path);
                Assert.Equal(stats.Mean(), back.Mu);
                Assert.Equal(stats.Covariance(), back.Sigma);
                Assert.Equal(n, back.Count);
            }
    }
}
