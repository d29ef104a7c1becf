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
            sums = new GaussianStats(count, sum.AsDouble(), outer.AsDouble());
        }
        return new FeatureStats(mu.AsDouble(), sigma.AsDouble(), n, sums);
    }
}
