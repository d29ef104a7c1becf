using MmaGan.Shared.IO;

namespace MmaGan.Shared.Toy;

/// <summary>
/// A 2-D mixture of equally weighted isotropic Gaussians: the standard mode-collapse toys.
/// ring8: 8 centres on a circle of radius 2, σ = 0.02 (VEEGAN's geometry). grid25: the 5×5 grid {−4,−2,0,2,4}², σ = 0.05.
/// ring8-pacgan: PacGAN's ring (Lin et al. 2018, public code): 8 centres on a circle of radius 1, σ = 0.01.
/// </summary>
public sealed record ToyMixture(string Name, (double X, double Y)[] Centres, double Sigma)
{
    public static readonly string[] Names = ["ring8", "grid25", "ring8-pacgan"];

    public static ToyMixture Get(string name) => name switch
    {
        "ring8" => new("ring8",
            Enumerable.Range(0, 8).Select(i => (2 * Math.Cos(2 * Math.PI * i / 8), 2 * Math.Sin(2 * Math.PI * i / 8))).ToArray(),
            0.02),
        "ring8-pacgan" => new("ring8-pacgan",
            Enumerable.Range(0, 8).Select(i => (Math.Cos(2 * Math.PI * i / 8), Math.Sin(2 * Math.PI * i / 8))).ToArray(),
            0.01),
        "grid25" => new("grid25",
            (from x in new[] { -4.0, -2, 0, 2, 4 } from y in new[] { -4.0, -2, 0, 2, 4 } select (x, y)).ToArray(),
            0.05),
        _ => throw new InputException($"unknown toy mixture '{name}' (expected ring8, grid25 or ring8-pacgan)"),
    };

    public static bool IsToy(string name) => Names.Contains(name);

    /// <summary>The radius within which a sample counts as high quality: 3σ (VEEGAN's and PacGAN's definition).</summary>
    public double HighQualityRadius => 3 * Sigma;

    /// <summary>The nearest centre and the distance to it (the first of equally near centres).</summary>
    public (int Mode, double Distance) Nearest(double x, double y)
    {
        var best = double.PositiveInfinity;
        var bestK = -1;
        for (var j = 0; j < Centres.Length; j++)
        {
            var dx = x - Centres[j].X;
            var dy = y - Centres[j].Y;
            var d = dx * dx + dy * dy;
            if (d < best) { best = d; bestK = j; }
        }
        return (bestK, Math.Sqrt(best));
    }

    /// <summary>n samples [n,2] row-major: a uniformly chosen centre plus σ·N(0, I) (Box–Muller on the given RNG).</summary>
    public float[] Sample(int n, Random rng)
    {
        var result = new float[2 * n];
        for (var i = 0; i < n; i++)
        {
            var (cx, cy) = Centres[rng.Next(Centres.Length)];
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u1));
            result[2 * i] = (float)(cx + Sigma * r * Math.Cos(2 * Math.PI * u2));
            result[2 * i + 1] = (float)(cy + Sigma * r * Math.Sin(2 * Math.PI * u2));
        }
        return result;
    }
}
