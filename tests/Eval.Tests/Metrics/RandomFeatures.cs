using MmaGan.Eval.Metrics;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// Fixture features shared with the Python side that produced the reference values:
/// <c>(np.random.RandomState(seed).random_sample((n, d)) * scale + shift).astype(np.float32)</c>.
/// </summary>
internal static class RandomFeatures
{
    public static FeatureMatrix Uniform(uint seed, int n, int d, double scale = 1, double shift = 0)
    {
        var rng = new Mt19937(seed);
        var data = new float[n * d];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * scale + shift);
        return FeatureMatrix.Of(data, n, d);
    }
}
