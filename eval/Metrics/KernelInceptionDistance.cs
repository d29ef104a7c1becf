using MmaGan.Eval.Metrics.LinearAlgebra;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Metrics;

/// <summary>KID over <c>Subsets</c> random subsets: mean and population std (numpy ddof=0) of the per-subset MMD².</summary>
public sealed record KidResult(double Mean, double Std, IReadOnlyList<double> SubsetValues);

/// <summary>The polynomial kernel k(x, y) = (γ·x·y + c₀)^degree of KID (Bińkowski et al. 2018).</summary>
/// <param name="Gamma">γ; null = 1/d (torch-fidelity's and the MMD-GAN code's default).</param>
public sealed record PolynomialKernel(int Degree = EvaluationDefaults.KidDegree, double? Gamma = null, double Coef0 = EvaluationDefaults.KidCoef0)
{
    /// <summary>(γ·g + c₀)^degree for a dot product g (integer power by repeated multiplication).</summary>
    public static double Apply(double g, double gamma, double coef0, int degree)
    {
        var b = g * gamma + coef0;
        var r = b;
        for (var i = 1; i < degree; i++) r *= b;
        return r;
    }
}

/// <summary>
/// Kernel Inception Distance exactly as torch-fidelity's <c>kid_features_to_metric</c> (metric_kid.py):
/// rng = np.random.RandomState(seed); for each of <c>subsets</c> subsets, X = A[rng.choice(nA, m, replace=False)], then
/// Y = B[rng.choice(nB, m, replace=False)] (A is torch-fidelity's input1, the generated side); with K = k(·,·) the
/// polynomial kernel, the unbiased MMD² estimate
/// <code>MMD² = (Σ_{i≠j} K_XX[i,j] + Σ_{i≠j} K_YY[i,j]) / (m(m−1)) − 2·Σ_{i,j} K_XY[i,j] / m²</code>
/// and the result is the mean and population std of the subset values. Computed in float64 (torch-fidelity computes
/// in the features' dtype, float32 for Inception features; float64 inputs give its float64 result, which this matches).
/// Only the strict upper triangles of X·Xᵀ and Y·Yᵀ are formed, and X·Yᵀ in full, all in bands of 256 rows (scratch
/// memory 256·m doubles besides the two gathered subsets).
/// </summary>
public static class KernelInceptionDistance
{
    public const int DefaultSubsets = EvaluationDefaults.KidSubsets, DefaultSubsetSize = EvaluationDefaults.KidSubsetSize;
    public const uint DefaultSeed = EvaluationDefaults.KidSeed;
    const int Band = 256;

    public static KidResult Compute(FeatureMatrix a, FeatureMatrix b, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize,
        PolynomialKernel? kernel = null, uint seed = DefaultSeed, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        kernel ??= new PolynomialKernel();
        if (a.Cols != b.Cols) throw new ArgumentException($"features of different dimensions ({a.Cols} vs {b.Cols})");
        if (subsets < 1) throw new ArgumentException($"--kid-subsets must be at least 1, got {subsets}");
        if (subsetSize < 2) throw new ArgumentException($"--kid-subset-size must be at least 2, got {subsetSize}");
        if (subsetSize > a.Rows || subsetSize > b.Rows)
            throw new ArgumentException($"--kid-subset-size {subsetSize} is larger than the number of samples (A: {a.Rows}, B: {b.Rows})");
        if (kernel.Degree < 1) throw new ArgumentException($"--kid-degree must be at least 1, got {kernel.Degree}");
        var d = a.Cols;
        var gamma = kernel.Gamma ?? 1.0 / d;
        if (!double.IsFinite(gamma) || !double.IsFinite(kernel.Coef0)) throw new ArgumentException("--kid-gamma and --kid-coef0 must be finite");
        var m = subsetSize;
        var rng = new Mt19937(seed);
        var x = new double[m * d];
        var y = new double[m * d];
        var g = new double[(long)Band * m > Array.MaxLength ? throw new ArgumentException($"--kid-subset-size {m} is too large") : Band * m];
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            a.GatherDouble(rng.Choice(a.Rows, m), x);
            b.GatherDouble(rng.Choice(b.Rows, m), y);
            var xx = StrictUpperKernelSum(x, m, d, g, gamma, kernel);
            var yy = StrictUpperKernelSum(y, m, d, g, gamma, kernel);
            var xy = CrossKernelSum(x, y, m, d, g, gamma, kernel);
            // Σ_{i≠j} K = 2·Σ_{i<j} K (K symmetric).
            values[s] = 2 * (xx + yy) / ((double)m * (m - 1)) - 2 * xy / ((double)m * m);
            progress?.Report(s + 1);
        }
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / subsets);
        return new KidResult(mean, std, values);
    }

    /// <summary>Σ_{i&lt;j} k(zᵢ, zⱼ) over the rows of z [m, d]; <paramref name="g"/> is Band×m scratch.</summary>
    static double StrictUpperKernelSum(double[] z, int m, int d, double[] g, double gamma, PolynomialKernel kernel)
    {
        var sum = 0.0;
        for (var i0 = 0; i0 < m; i0 += Band)
        {
            var rows = Math.Min(Band, m - i0);
            var cols = m - i0;
            // G[0:rows, 0:cols] = Z[i0:i0+rows]·Z[i0:m]ᵀ (row r, column c ↔ pair (i0+r, i0+c))
            Array.Clear(g, 0, rows * cols);
            DenseGemm.Multiply(rows, cols, d, 1.0, z, i0 * d, d, false, z, i0 * d, d, true, g, 0, cols);
            for (var r = 0; r < rows; r++)
                for (var c = r + 1; c < cols; c++) sum += PolynomialKernel.Apply(g[r * cols + c], gamma, kernel.Coef0, kernel.Degree);
        }
        return sum;
    }

    /// <summary>Σ_{i,j} k(xᵢ, yⱼ), in bands of rows of x.</summary>
    static double CrossKernelSum(double[] x, double[] y, int m, int d, double[] g, double gamma, PolynomialKernel kernel)
    {
        var sum = 0.0;
        for (var i0 = 0; i0 < m; i0 += Band)
        {
            var rows = Math.Min(Band, m - i0);
            Array.Clear(g, 0, rows * m);
            DenseGemm.Multiply(rows, m, d, 1.0, x, i0 * d, d, false, y, 0, d, true, g, 0, m);
            foreach (var v in g.AsSpan(0, rows * m)) sum += PolynomialKernel.Apply(v, gamma, kernel.Coef0, kernel.Degree);
        }
        return sum;
    }
}
