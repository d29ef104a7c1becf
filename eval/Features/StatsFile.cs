using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Features;

/// <summary>Gaussian statistics as read from a .npz: pytorch-fid's mu/sigma, plus (in ours) n and the raw sums.</summary>
public sealed record FeatureStats(double[] Mu, double[] Sigma, long? Count, GaussianStats? Sums)
{
    public int Dimension => Mu.Length;

    /// <summary>Mean, covariance and sums of one feature-extraction pass.</summary>
    public static FeatureStats Of(ExtractionResult r) => new(r.Stats.Mean(), r.Stats.Covariance(), r.Count, r.Stats);
}

/// <summary>
/// Statistics files: pytorch-fid compatible float64 <c>mu</c> [d] and <c>sigma</c> [d,d], plus <c>n</c> (int64),
/// <c>sum</c> [d] and <c>sum_outer</c> [d,d] (float64) so that shards merge exactly, and <c>dims</c> (int64: the feature
/// dimension, pytorch-fid's <c>--dims</c>). Written atomically.
/// </summary>
public static class StatsFile
{
    public static void Write(string path, GaussianStats stats)
    {
        if (stats.Count < 2) throw new InputException($"{path}: statistics need at least 2 samples, got {stats.Count}");
        var d = stats.Dimension;
        Npz.Write(path, new Dictionary<string, NpyArray>
        {
            ["mu"] = NpyArray.Of(stats.Mean(), d),
            ["sigma"] = NpyArray.Of(stats.Covariance(), d, d),
            ["n"] = NpyArray.Scalar(stats.Count),
            ["sum"] = NpyArray.Of((double[])stats.Sum.Clone(), d),
            ["sum_outer"] = NpyArray.Of(stats.FullSumOuter(), d, d),
            ["dims"] = NpyArray.Scalar((long)d),
        });
    }

    public static FeatureStats Read(string path)
    {
        var z = Npz.Read(path);
        if (!z.TryGetValue("mu", out var mu) || !z.TryGetValue("sigma", out var sigma))
            throw InputException.ForFile(path, "statistics file needs arrays 'mu' and 'sigma'");
        var d = mu.Count;
        if (mu.Shape.Length != 1 || sigma.Shape.Length != 2 || sigma.Shape[0] != d || sigma.Shape[1] != d)
            throw InputException.ForFile(path, $"mu is ({string.Join(",", mu.Shape)}) and sigma ({string.Join(",", sigma.Shape)}); expected (d,) and (d,d)");
        GaussianStats? sums = null;
        long? n = z.TryGetValue("n", out var nArr) ? nArr.AsInt64()[0] : null;
        if (n is { } count && z.TryGetValue("sum", out var sum) && z.TryGetValue("sum_outer", out var outer))
        {
            if (sum.Count != d || outer.Count != (long)d * d) throw InputException.ForFile(path, "sum/sum_outer do not match mu's dimension");
            sums = new GaussianStats(count, RequireFinite(path, "sum", sum), RequireFinite(path, "sum_outer", outer));
        }
        if (n is { } samples && samples < 2) throw InputException.ForFile(path, $"n = {samples}: statistics need at least 2 samples");
        var sigmaValues = RequireFinite(path, "sigma", sigma);
        RequireSymmetric(path, sigmaValues, (int)d);
        RequireCovariance(path, sigmaValues, (int)d);
        return new FeatureStats(RequireFinite(path, "mu", mu), sigmaValues, n, sums);
    }

    /// <summary>Relative tolerance of the symmetry check: float32 round-off of a symmetric matrix passes, a real asymmetry does not.</summary>
    public const double SymmetryTolerance = 1e-5;

    /// <summary>The array's values as float64; refuses NaN/±∞ naming the array and the first bad index.</summary>
    static double[] RequireFinite(string path, string name, NpyArray array)
    {
        var values = array.AsDouble();
        var bad = NonFinite.FirstIndex(values);
        if (bad >= 0)
            throw InputException.ForFile(path, $"'{name}' has a non-finite value ({NonFinite.Describe(values[bad])}) at {name}{NonFinite.FormatIndex(bad, array.Shape)}: statistics must be finite");
        return values;
    }

    /// <summary>Tolerance of the positive-semidefiniteness checks, relative to the largest variance: round-off passes.</summary>
    public const double PsdTolerance = 1e-6;

    /// <summary>
    /// Refuses a sigma that no covariance matrix can be — a negative variance σᵢᵢ, or |σᵢⱼ| > √(σᵢᵢ·σⱼⱼ) (every 2×2 principal
    /// minor of a positive semi-definite matrix is ≥ 0) — within <see cref="PsdTolerance"/>·max σₖₖ. A sigma of −I scored
    /// FID −22.6. (Necessary conditions, O(d²) at load; the FID solver's Cholesky factorisation then meets only matrices that pass.)
    /// </summary>
    static void RequireCovariance(string path, double[] sigma, int d)
    {
        var maxDiag = 0.0;
        for (var i = 0; i < d; i++) maxDiag = Math.Max(maxDiag, Math.Abs(sigma[i * d + i]));
        var slack = PsdTolerance * maxDiag;
        for (var i = 0; i < d; i++)
            if (sigma[i * d + i] < -slack)
                throw InputException.ForFile(path, string.Create(CultureInfo.InvariantCulture,
                    $"'sigma' is not a covariance matrix: sigma[{i},{i}] = {sigma[i * d + i]:G6} is a negative variance"));
        for (var i = 0; i < d; i++)
        {
            var si = Math.Max(sigma[i * d + i], 0);
            for (var j = i + 1; j < d; j++)
            {
                var bound = Math.Sqrt(si * Math.Max(sigma[j * d + j], 0));
                if (Math.Abs(sigma[i * d + j]) > bound * (1 + PsdTolerance) + slack)
                    throw InputException.ForFile(path, string.Create(CultureInfo.InvariantCulture,
                        $"'sigma' is not positive semi-definite: |sigma[{i},{j}]| = {Math.Abs(sigma[i * d + j]):G6} exceeds sqrt(sigma[{i},{i}]·sigma[{j},{j}]) = {bound:G6}"));
            }
        }
    }

    /// <summary>
    /// Refuses a covariance whose triangles differ: |σᵢⱼ − σⱼᵢ| ≤ tol·max(|σᵢⱼ|, |σⱼᵢ|, 1e-6·max σₖₖ) for all i &lt; j. An asymmetric
    /// sigma would make FID depend on the argument order (the solver reads one triangle).
    /// </summary>
    static void RequireSymmetric(string path, double[] sigma, int d)
    {
        var maxDiag = 0.0;
        for (var i = 0; i < d; i++) maxDiag = Math.Max(maxDiag, Math.Abs(sigma[i * d + i]));
        var floor = 1e-6 * maxDiag;
        for (var i = 0; i < d; i++)
            for (var j = i + 1; j < d; j++)
            {
                double a = sigma[i * d + j], b = sigma[j * d + i];
                if (Math.Abs(a - b) > SymmetryTolerance * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), floor))
                    throw InputException.ForFile(path, string.Create(CultureInfo.InvariantCulture,
                        $"'sigma' is not symmetric: sigma[{i},{j}] = {a:G6} but sigma[{j},{i}] = {b:G6} (relative tolerance {SymmetryTolerance:G2}); a covariance matrix must be symmetric"));
            }
    }
}
