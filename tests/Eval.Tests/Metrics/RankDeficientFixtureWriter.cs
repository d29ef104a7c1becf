using MmaGan.Eval.Features;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// Writes the statistics behind <see cref="RankDeficientFidTests"/> when I12_FIXTURES=DIR is set (a no-op otherwise), for
/// <c>/usr/bin/python3 reference/pytorch_fid_reference.py DIR/g10.npz DIR/c10.npz …</c> to recompute the reference values.
/// </summary>
public class RankDeficientFixtureWriter
{
    [Fact]
    public void Write()
    {
        var dir = Environment.GetEnvironmentVariable("I12_FIXTURES");
        if (dir == null) return;
        Directory.CreateDirectory(dir);
        foreach (var n in new[] { 10, 100, 300, 1000 })
        {
            StatsFile.Write(Path.Combine(dir, $"g{n}.npz"), RankDeficientFeatures.Stats(n, 2048, n));
            StatsFile.Write(Path.Combine(dir, $"c{n}.npz"), RankDeficientFeatures.Stats(n, 2048, n + 1, 0.1));
        }
    }
}
