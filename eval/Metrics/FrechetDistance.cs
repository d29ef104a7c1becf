using MmaGan.Eval.Metrics.LinearAlgebra;

namespace MmaGan.Eval.Metrics;

/// <summary>The FID value and how it was obtained.</summary>
/// <param name="Fid">‖μ1−μ2‖² + tr Σ1 + tr Σ2 − 2·tr √(Σ1Σ2).</param>
/// <param name="TraceSqrtProduct">tr √(Σ1Σ2) (with the ε offset when <paramref name="UsedEpsilonOffset"/>).</param>
/// <param name="UsedEpsilonOffset">True when the computation gave non-finite values and ε·I was added to both covariances (pytorch-fid's fallback).</param>
public sealed record FrechetResult(double Fid, double MeanTerm, double TraceSigma1, double TraceSigma2, double TraceSqrtProduct, bool UsedEpsilonOffset);

/// <summary>
/// Fréchet distance between two Gaussians N(μ1,Σ1), N(μ2,Σ2), as pytorch-fid's calculate_frechet_distance:
/// d² = ‖μ1−μ2‖² + tr Σ1 + tr Σ2 − 2·tr √(Σ1Σ2) (Dowson &amp; Landau 1982; Heusel et al. 2017).
/// <para>
/// Exact fast route: with Σ1 = L·Lᵀ (Cholesky), Σ1Σ2 is similar to the symmetric PSD matrix A = Lᵀ·Σ2·L, so
/// tr √(Σ1Σ2) = Σᵢ √λᵢ(A) — only the eigenvalues of a symmetric matrix are needed (blocked Householder
/// tridiagonalisation + implicit QL), no general matrix square root. Negative round-off eigenvalues contribute 0,
/// as the real part of scipy's complex sqrtm does.
/// </para>
/// <para>
/// Rank-deficient Σ1 (fewer samples than dimensions, dead features): a pivoted Cholesky factor Pᵀ·Σ1·P = L·Lᵀ of rank r
/// gives the non-zero eigenvalues of Σ1Σ2 as those of the r×r matrix Lᵀ·Pᵀ·Σ2·P·L — the value scipy's sqrtm returns
/// for pytorch-fid on such statistics (it only adds ε·I, ε = 1e-6, when sqrtm yields non-finite values, which scipy ≥ 1.10
/// does not do for singular PSD products). Here ε·I is added only if the computation produced non-finite values.
/// </para>
/// </summary>
public static class FrechetDistance
{
    public const double DefaultEpsilon = 1e-6;

    public static double Compute(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2, double eps = DefaultEpsilon) =>
        ComputeDetailed(mu1, sigma1, mu2, sigma2, eps).Fid;

    public static FrechetResult ComputeDetailed(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2, double eps = DefaultEpsilon)
    {
        var n = mu1.Length;
        if (mu2.Length != n) throw new ArgumentException($"Training and test mean vectors have different lengths ({n} vs {mu2.Length})");
        if (sigma1.Length != n * n || sigma2.Length != n * n)
            throw new ArgumentException($"Training and test covariances have different dimensions (expected {n}×{n})");
        var meanTerm = 0.0;
        for (var i = 0; i < n; i++) { var d = mu1[i] - mu2[i]; meanTerm += d * d; }
        double tr1 = 0, tr2 = 0;
        for (var i = 0; i < n; i++) { tr1 += sigma1[i * n + i]; tr2 += sigma2[i * n + i]; }

        var trace = TraceSqrtProduct(sigma1, sigma2, n, 0);
        var usedOffset = false;
        if (double.IsNaN(trace))
        {
            usedOffset = true;
            trace = TraceSqrtProduct(sigma1, sigma2, n, eps);
            if (double.IsNaN(trace)) throw new ArgumentException("covariance matrices are not positive semi-definite even with the ε offset");
        }
        var fid = meanTerm + tr1 + tr2 - 2 * trace;
        return new FrechetResult(fid, meanTerm, tr1, tr2, trace, usedOffset);
    }

    /// <summary>tr √((Σ1+δI)(Σ2+δI)), or NaN when it cannot be computed (non-finite values).</summary>
    internal static double TraceSqrtProduct(double[] sigma1, double[] sigma2, int n, double offset)
    {
        const double u = 2.220446049250313e-16;
        var s1 = offset == 0 ? sigma1 : (double[])sigma1.Clone();
        var s2 = offset == 0 ? sigma2 : (double[])sigma2.Clone();
        var maxDiag = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (offset != 0) { s1[i * n + i] += offset; s2[i * n + i] += offset; }
            maxDiag = Math.Max(maxDiag, s1[i * n + i]);
        }
        if (double.IsNaN(maxDiag)) return double.NaN;
        if (!(maxDiag > 0)) return 0;   // Σ1 = 0: the product is 0
        var tolerance = n * u * maxDiag;
        double[] lambda;
        var l = (double[])s1.Clone();
        if (CholeskyFactor.TryFactor(l, n, tolerance))
            lambda = SymmetricEigenvalues.Compute(SymmetricProduct(l, s2, n), n);
        else
        {
            // Rank-deficient Σ1 (e.g. N < d samples): Pᵀ·Σ1·P = L·Lᵀ with L n×r, and the non-zero eigenvalues of Σ1Σ2 are
            // those of the r×r matrix Lᵀ·(Pᵀ·Σ2·P)·L — what scipy's sqrtm finds for pytorch-fid, without the ε offset.
            var (rank, perm, lr) = PivotedCholesky.Factor(s1, n, tolerance);
            lambda = SymmetricEigenvalues.Compute(ReducedProduct(lr, rank, perm, s2, n), rank);
        }
        if (lambda.Any(double.IsNaN)) return double.NaN;
        // Sum small to large for accuracy. Negative eigenvalues give imaginary square roots: like pytorch-fid, keep the
        // real part but refuse a clearly complex result (its check: diagonal imaginary parts within atol 1e-3).
        Array.Sort(lambda);
        double trace = 0, imaginary = 0;
        foreach (var v in lambda)
        {
            if (v >= 0) trace += Math.Sqrt(v);
            else imaginary += Math.Sqrt(-v);
        }
        if (imaginary > 1e-3) throw new ArgumentException($"Imaginary component {imaginary:G4}: a covariance matrix is not positive semi-definite");
        return trace;
    }

    /// <summary>A = Lᵀ·(Pᵀ·Σ·P)·L for L n×r (row-major) and the permutation P, as an r×r matrix with both triangles filled.</summary>
    internal static double[] ReducedProduct(double[] l, int r, int[] perm, double[] sigma, int n)
    {
        var a = new double[r * r];
        if (r == 0) return a;
        var permuted = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var row = perm[i] * n;
            for (var j = 0; j < n; j++) permuted[i * n + j] = sigma[row + perm[j]];
        }
        var w = new double[n * r];
        DenseGemm.Multiply(n, r, n, 1.0, permuted, 0, n, false, l, 0, r, false, w, 0, r);
        DenseGemm.Multiply(r, r, n, 1.0, l, 0, r, true, w, 0, r, false, a, 0, r);
        for (var i = 0; i < r; i++)
            for (var j = i + 1; j < r; j++)
                a[i * r + j] = a[j * r + i] = 0.5 * (a[i * r + j] + a[j * r + i]);
        return a;
    }

    /// <summary>A = Lᵀ·Σ·L (L lower triangular) with its UPPER triangle filled (row-major).</summary>
    internal static double[] SymmetricProduct(double[] l, double[] sigma, int n)
    {
        const int bw = 256;
        // W = Σ·L, column block J only needs rows J0.. of L (L[p,j] = 0 for p < j).
        var w = new double[n * n];
        for (var j0 = 0; j0 < n; j0 += bw)
        {
            var jw = Math.Min(bw, n - j0);
            DenseGemm.Multiply(n, jw, n - j0, 1.0, sigma, j0, n, false, l, j0 * n + j0, n, false, w, j0, n);
        }
        // Lower triangle of A = Lᵀ·W by row blocks: A[I, 0:I1] = L[I0:, I]ᵀ · W[I0:, 0:I1].
        var a = new double[n * n];
        for (var i0 = 0; i0 < n; i0 += bw)
        {
            var iw = Math.Min(bw, n - i0);
            DenseGemm.Multiply(iw, i0 + iw, n - i0, 1.0, l, i0 * n + i0, n, true, w, i0 * n, n, false, a, i0 * n, n);
        }
        // Mirror the lower triangle into the upper one.
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                a[i * n + j] = a[j * n + i];
        return a;
    }
}
