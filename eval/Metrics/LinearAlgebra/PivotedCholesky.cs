namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>
/// Rank-revealing Cholesky factorisation of a symmetric positive semi-definite matrix with diagonal pivoting
/// (LAPACK dpstrf's algorithm, unblocked): Pᵀ·Σ·P ≈ L·Lᵀ with L n×r lower trapezoidal, stopping once every remaining
/// pivot is at most the tolerance (the discarded Schur complement is then round-off). For the rank-deficient
/// covariances of N &lt; d samples: r ≈ N − 1.
/// </summary>
internal static class PivotedCholesky
{
    /// <summary>
    /// Factors the n×n row-major <paramref name="sigma"/> (not modified). Returns the rank r, the permutation
    /// (row i of L belongs to variable <c>Permutation[i]</c>) and L as n rows of length r (row-major, n×r).
    /// </summary>
    public static (int Rank, int[] Permutation, double[] L) Factor(double[] sigma, int n, double tolerance)
    {
        var perm = new int[n];
        var diag = new double[n];
        for (var i = 0; i < n; i++) { perm[i] = i; diag[i] = sigma[i * n + i]; }
        // Rows of L for the permuted variables, length n each (only the first r columns end up used).
        var l = new double[n * n];
        var rank = 0;
        for (var k = 0; k < n; k++)
        {
            // Pivot: the largest remaining diagonal of the Schur complement.
            var p = k;
            for (var i = k + 1; i < n; i++) if (diag[i] > diag[p]) p = i;
            if (!(diag[p] > tolerance)) break;
            if (p != k)
            {
                (perm[p], perm[k]) = (perm[k], perm[p]);
                (diag[p], diag[k]) = (diag[k], diag[p]);
                for (var j = 0; j < k; j++) (l[p * n + j], l[k * n + j]) = (l[k * n + j], l[p * n + j]);
            }
            var lkk = Math.Sqrt(diag[k]);
            l[k * n + k] = lkk;
            var pk = perm[k];
            var rowK = l.AsSpan(k * n, k).ToArray();
            // Column k below the diagonal: L[i,k] = (Σ[p_i, p_k] − L[i,0:k]·L[k,0:k]) / L[k,k]; rows split over the cores.
            var kk = k;
            Parallel.For(0, Environment.ProcessorCount, t =>
            {
                for (var i = kk + 1 + t; i < n; i += Environment.ProcessorCount)
                {
                    var v = (sigma[perm[i] * n + pk] - VectorOps.Dot(l.AsSpan(i * n, kk), rowK)) / lkk;
                    l[i * n + kk] = v;
                    diag[i] -= v * v;
                }
            });
            rank = k + 1;
        }
        var packed = new double[n * rank];
        for (var i = 0; i < n; i++) Array.Copy(l, i * n, packed, i * rank, Math.Min(rank, i + 1));
        return (rank, perm, packed);
    }
}
