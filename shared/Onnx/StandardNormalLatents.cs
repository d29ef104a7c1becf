namespace MmaGan.Shared.Onnx;

/// <summary>
/// The project's reproducible latent sampler: z ~ N(0, I) from <see cref="System.Random"/>(seed) with the
/// Box–Muller transform in float64, rounded to float32. Values are produced in pairs
/// (u1 = 1 − U, u2 = U', r = √(−2 ln u1), z₀ = r cos 2πu2, z₁ = r sin 2πu2) and filled row-major, so the same
/// (seed, count) always gives the same latents on every machine and in both the trainer and the evaluator.
/// </summary>
public static class StandardNormalLatents
{
    /// <summary>
    /// The latent seed every command that draws latents uses by default (evaluator fid/is/stats/lpips/run/toy/generate,
    /// trainer toy-report), so "the samples of G" means the same samples everywhere: <c>generate</c>'s PNGs are the
    /// images <c>fid</c> scored. Equal to the trainer's default training seed.
    /// </summary>
    public const int DefaultSeed = 42;

    /// <summary>The latents of <paramref name="n"/> samples of <paramref name="latentSize"/> values (the first n·latentSize values of
    /// <see cref="Sample"/>), the size checked first (<see cref="IO.MemoryBudget"/>): <paramref name="what"/> names the request
    /// ("--n 2000000000 samples of G.onnx").</summary>
    public static float[] SampleRows(int seed, long n, int latentSize, string what) =>
        Sample(seed, IO.MemoryBudget.Elements(n, latentSize, sizeof(float), $"{what} (latents of {latentSize:N0} values each)"));

    /// <summary><paramref name="count"/> standard-normal float32 values from seed <paramref name="seed"/>.</summary>
    public static float[] Sample(int seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Random(seed);
        var z = new float[count];
        for (var i = 0; i < count; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble(); // (0, 1]: ln is finite
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            z[i] = (float)(r * Math.Cos(2.0 * Math.PI * u2));
            if (i + 1 < count) z[i + 1] = (float)(r * Math.Sin(2.0 * Math.PI * u2));
        }
        return z;
    }
}
