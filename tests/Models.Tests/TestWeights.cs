namespace MmaGan.Models.Tests;

/// <summary>Random weights for tests that need a network no fixture provides (e.g. VGG16 / SqueezeNet trunks); written with
/// <see cref="MmaGan.Shared.Pth.PthWriter"/>.</summary>
internal static class TestWeights
{
    /// <summary>Deterministic pseudo-random values in [−scale, scale].</summary>
    public static float[] Random(long count, float scale, int seed)
    {
        var rng = new Random(seed);
        var a = new float[count];
        for (var i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }
}
