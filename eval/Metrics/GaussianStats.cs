using MmaGan.Eval.Metrics.LinearAlgebra;

namespace MmaGan.Eval.Metrics;

/// <summary>
/// Streaming first and second moments of d-dimensional features: the count n, Σx and Σx·xᵀ in float64.
/// Shards merge exactly by adding the three (so statistics of 50k samples can be computed in pieces).
/// Mean μ = Σx/n; covariance as numpy's np.cov(X, rowvar=False) (unbiased): Σ = (Σx·xᵀ − n·μ·μᵀ)/(n−1).
/// </summary>
public sealed class GaussianStats
{
    public int Dimension { get; }
    public long Count { get; private set; }
    public double[] Sum { get; }
    /// <summary>Σ x·xᵀ, d×d row-major; only the upper triangle (j ≥ i) is maintained — use <see cref="FullSumOuter"/>.</summary>
    public double[] SumOuter { get; }

    /// <summary>Σ x·xᵀ with both triangles filled (a copy).</summary>
    public double[] FullSumOuter()
    {
        var d = Dimension;
        var full = (double[])SumOuter.Clone();
        for (var i = 0; i < d; i++)
            for (var j = i + 1; j < d; j++) full[j * d + i] = full[i * d + j];
        return full;
    }

    public GaussianStats(int dimension)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension));
        Dimension = dimension;
        Sum = new double[dimension];
        // The sums of outer products and, later, the covariance: two d×d float64 matrices (a 100000-d "pool3" would need 160 GB).
        Shared.IO.MemoryBudget.Require(2.0 * dimension * dimension * sizeof(double), $"statistics of {dimension}-d features (two {dimension}×{dimension} float64 matrices)");
        SumOuter = new double[Shared.IO.MemoryBudget.Elements(dimension, dimension, sizeof(double), $"statistics of {dimension}-d features")];
    }

    /// <summary>Restores accumulated sums (from a stats file).</summary>
    public GaussianStats(long count, double[] sum, double[] sumOuter) : this(sum.Length)
    {
        if (sumOuter.Length != sum.Length * sum.Length) throw new ArgumentException("sum_outer must be d×d for sum of length d");
        Count = count;
        sum.CopyTo(Sum, 0);
        sumOuter.CopyTo(SumOuter, 0);
    }

    public void Add(ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension) throw new ArgumentException($"feature length {x.Length} != {Dimension}");
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            Sum[i] += x[i];
            VectorOps.Axpy(x[i], x[i..], SumOuter.AsSpan(i * d + i, d - i));
        }
        Count++;
    }

    /// <summary>Adds <paramref name="rows"/> features stored row-major in <paramref name="features"/> ([rows, d]).</summary>
    public void AddBatch(ReadOnlySpan<float> features, int rows)
    {
        var d = Dimension;
        if (features.Length < rows * d) throw new ArgumentException($"batch holds {features.Length} values, need {rows}×{d}");
        if (rows == 0) return;
        var x = new double[rows * d];
        for (var i = 0; i < rows * d; i++) x[i] = features[i];
        for (var r = 0; r < rows; r++)
            for (var i = 0; i < d; i++) Sum[i] += x[r * d + i];
        // Upper triangle by row blocks: SumOuter[I, I0:d] += X[:, I]ᵀ·X[:, I0:d].
        const int rb = 256;
        for (var i0 = 0; i0 < d; i0 += rb)
        {
            var m = Math.Min(rb, d - i0);
            DenseGemm.Multiply(m, d - i0, rows, 1.0, x, i0, d, true, x, i0, d, false, SumOuter, i0 * d + i0, d);
        }
        Count += rows;
    }

    /// <summary>Adds another accumulator's sums (exact shard merge).</summary>
    public void Merge(GaussianStats other)
    {
        if (other.Dimension != Dimension) throw new ArgumentException($"cannot merge {other.Dimension}-d statistics into {Dimension}-d ones");
        Count += other.Count;
        for (var i = 0; i < Sum.Length; i++) Sum[i] += other.Sum[i];
        for (var i = 0; i < SumOuter.Length; i++) SumOuter[i] += other.SumOuter[i];
    }

    public double[] Mean()
    {
        if (Count == 0) throw new InvalidOperationException("no samples");
        return Sum.Select(s => s / Count).ToArray();
    }

    /// <summary>Unbiased covariance (divides by n−1, like np.cov); needs n ≥ 2.</summary>
    public double[] Covariance()
    {
        if (Count < 2) throw new InvalidOperationException($"covariance needs at least 2 samples, got {Count}");
        var d = Dimension;
        var mu = Mean();
        var c = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var j = i; j < d; j++)
            {
                // Symmetrise from the upper triangle so Σ is exactly symmetric.
                var v = (SumOuter[i * d + j] - Count * mu[i] * mu[j]) / (Count - 1);
                c[i * d + j] = v;
                c[j * d + i] = v;
            }
        return c;
    }
}
