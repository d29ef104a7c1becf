using MmaGan.Eval.Metrics;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// Reference values: clovaai prdc (github clovaai/generative-evaluation-prdc, prdc/prdc.py) <c>compute_prdc(real, fake,
/// nearest_k)</c> and torch-fidelity (metric_prc.py) <c>prc_features_to_metric(fake, real, prc_neighborhood=3)</c> (float32
/// results, both save_cpu_ram variants), run unmodified with Debian's python3-numpy 1.24, python3-sklearn 1.2 and
/// python3-torch 1.13 on the <see cref="RandomFeatures"/> below.
/// </summary>
public class PrecisionRecallDensityCoverageTests
{
    static readonly FeatureMatrix Real = RandomFeatures.Uniform(4, 200, 16);
    static readonly FeatureMatrix Fake = RandomFeatures.Uniform(5, 150, 16, 1.1, 0.02);
    static readonly FeatureMatrix Real256 = RandomFeatures.Uniform(6, 300, 256);
    static readonly FeatureMatrix Fake256 = RandomFeatures.Uniform(7, 280, 256, 0.95, 0.03);

    static void Same(PrdcResult r, double precision, double recall, double density, double coverage)
    {
        Assert.Equal(precision, r.Precision, 12);
        Assert.Equal(recall, r.Recall, 12);
        Assert.Equal(density, r.Density, 12);
        Assert.Equal(coverage, r.Coverage, 12);
    }

    [Theory]
    [InlineData(5, 0.84, 0.985, 0.568, 0.825)]
    [InlineData(3, 0.7133333333333334, 0.935, 0.5733333333333333, 0.655)]
    [InlineData(1, 0.3933333333333333, 0.745, 0.5733333333333334, 0.26)]
    public void MatchesClovaaiPrdc(int k, double precision, double recall, double density, double coverage) =>
        Same(PrecisionRecallDensityCoverage.Compute(Real, Fake, k), precision, recall, density, coverage);

    [Fact]
    public void MatchesClovaaiPrdcIn256Dimensions()
    {
        Same(PrecisionRecallDensityCoverage.Compute(Real256, Fake256, 5), 1.0, 0.44333333333333336, 4.1814285714285715, 1.0);
        Same(PrecisionRecallDensityCoverage.Compute(Real256, Fake256, 3), 0.9821428571428571, 0.3, 4.434523809523809, 0.9966666666666667);
    }

    [Fact]
    public void PrecisionAndRecallAtK3EqualTorchFidelityPrc()
    {
        // prc_features_to_metric(Fake, Real, prc_neighborhood=3): float32 values of .mean().item()
        var r = PrecisionRecallDensityCoverage.Compute(Real, Fake, 3);
        Assert.Equal(0.7133333086967468, (double)(float)r.Precision);
        Assert.Equal(0.9350000023841858, (double)(float)r.Recall);
        var r256 = PrecisionRecallDensityCoverage.Compute(Real256, Fake256, 3);
        Assert.Equal(0.9821428656578064, (double)(float)r256.Precision);
        Assert.Equal(0.30000001192092896, (double)(float)r256.Recall);
    }

    [Fact]
    public void RadiiSpanTilesAndMatchBruteForce()
    {
        // 2500 rows: three 1024-row tiles, so off-diagonal tiles and their transposes are exercised.
        var f = RandomFeatures.Uniform(8, 2500, 3);
        var radii = NearestNeighbourRadii.Squared(f, 4);
        foreach (var i in new[] { 0, 1023, 1024, 2047, 2048, 2499 })
        {
            var d = Enumerable.Range(0, f.Rows).Select(j =>
            {
                var s = 0.0;
                for (var c = 0; c < 3; c++) { var v = (double)f.Row(i)[c] - f.Row(j)[c]; s += v * v; }
                return s;
            }).Order().ToArray();
            Assert.Equal(d[4], radii[i], 1e-12);
        }
    }

    [Fact]
    public void KAtLeastNIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => PrecisionRecallDensityCoverage.Compute(Real, RandomFeatures.Uniform(9, 5, 16), 5));
        Assert.Contains("--prdc-k 5", e.Message);
        Assert.Throws<ArgumentException>(() => PrecisionRecallDensityCoverage.Compute(Real, Fake, 0));
    }
}
