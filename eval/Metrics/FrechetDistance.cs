using MmaGan.Eval.Metrics.LinearAlgebra;

namespace MmaGan.Eval.Metrics;

/// <summary>The FID value and how it was obtained.</summary>
/// <param name="Fid">‖μ1−μ2‖² + tr Σ1 + tr Σ2 − 2·tr √(Σ1Σ2).</param>
/// <param name="TraceSqrtProduct">tr √(Σ1Σ2) (with the ε offset when <paramref name="UsedEpsilonOffset"/>).</param>
/// <param name="UsedEpsilonOffset">True when the product was singular and ε·I was added to both covariances (pytorch-fid's fallback).</param>
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
/// Singular product: pytorch-fid adds ε·I (ε = 1e-6) to both covariances when scipy's sqrtm fails (non-finite
/// values), which happens when Σ1Σ2 is singular. Here the product counts as singular when the Cholesky pivot of Σ1
/// falls to n·u·max(diag Σ1) or the smallest eigenvalue of A is at most n·u·λmax (u = 2.2e-16); then the
/// trace is recomputed for Σ1+εI, Σ2+εI.
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

    /// <summary>tr √((Σ1+δI)(Σ2+δI)), or NaN when that product is singular to working precision.</summary>
    internal static double TraceSqrtProduct(double[] sigma1, double[] sigma2, int n, double offset)
    {
        const double u = 2.220446049250313e-16;
        var l = (double[])sigma1.Clone();
        var s2 = offset == 0 ? sigma2 : (double[])sigma2.Clone();
        var maxDiag = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (offset != 0) { l[i * n + i] += offset; s2[i * n + i] += offset; }
            maxDiag = Math.Max(maxDiag, l[i * n + i]);
        }
        if (!(maxDiag > 0)) return double.NaN;
        // Without the offset, detect a singular product; with it, compute whatever comes (as pytorch-fid does).
        var checkSingular = offset == 0;
        if (!CholeskyFactor.TryFactor(l, n, checkSingular ? n * u * maxDiag : 0)) return double.NaN;
        var a = SymmetricProduct(l, s2, n);
        var lambda = SymmetricEigenvalues.Compute(a, n);
        var max = lambda.Max();
        var min = lambda.Min();
        if (checkSingular && (!(max > 0) || min <= n * u * max)) return double.NaN;
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
