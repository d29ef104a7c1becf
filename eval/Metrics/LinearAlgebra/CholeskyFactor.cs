namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>
/// Blocked right-looking Cholesky factorisation Σ = L·Lᵀ of a symmetric positive definite matrix (row-major,
/// lower triangle used), with the trailing updates done by <see cref="DenseGemm"/>.
/// </summary>
internal static class CholeskyFactor
{
    const int Nb = 128;

    /// <summary>
    /// Factors <paramref name="a"/> (n×n, overwritten with L; the strict upper triangle is zeroed). Returns false when a
    /// pivot is not above <paramref name="pivotTolerance"/> (the matrix is singular or indefinite to working precision).
    /// </summary>
    public static bool TryFactor(double[] a, int n, double pivotTolerance)
    {
        for (var k0 = 0; k0 < n; k0 += Nb)
        {
            var kb = Math.Min(Nb, n - k0);
            // Diagonal block (already updated by earlier trailing updates).
            for (var j = k0; j < k0 + kb; j++)
            {
                var rowJ = a.AsSpan(j * n + k0, j - k0);
                var s = a[j * n + j] - VectorOps.Dot(rowJ, rowJ);
                if (!(s > pivotTolerance)) return false;
                var ljj = Math.Sqrt(s);
                a[j * n + j] = ljj;
                for (var i = j + 1; i < k0 + kb; i++)
                    a[i * n + j] = (a[i * n + j] - VectorOps.Dot(a.AsSpan(i * n + k0, j - k0), rowJ)) / ljj;
            }
            var below = n - (k0 + kb);
            if (below <= 0) break;
            // Panel: row i solves x·L11ᵀ = a_i.
            Parallel.For(0, Environment.ProcessorCount, t =>
            {
                for (var i = k0 + kb + t; i < n; i += Environment.ProcessorCount)
                {
                    for (var j = k0; j < k0 + kb; j++)
                        a[i * n + j] = (a[i * n + j] - VectorOps.Dot(a.AsSpan(i * n + k0, j - k0), a.AsSpan(j * n + k0, j - k0))) / a[j * n + j];
                }
            });
            // Trailing update of the lower triangle: A22[i, j≤i] -= L21[i,:]·L21[j,:]ᵀ, by row blocks.
            const int rb = 256;
            for (var i0 = k0 + kb; i0 < n; i0 += rb)
            {
                var rows = Math.Min(rb, n - i0);
                var cols = i0 + rows - (k0 + kb);
                DenseGemm.Multiply(rows, cols, kb, -1.0,
                    a, i0 * n + k0, n, false,
                    a, (k0 + kb) * n + k0, n, true,
                    a, i0 * n + k0 + kb, n);
            }
        }
        for (var i = 0; i < n; i++) Array.Clear(a, i * n + i + 1, n - i - 1);
        return true;
    }
}
