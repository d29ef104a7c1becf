namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>
/// Eigenvalues of a symmetric tridiagonal matrix by bisection on Sturm sequences (LAPACK dstebz's idea, Kahan's
/// negcount): the number of eigenvalues below x equals the number of negative pivots qᵢ of T − x·I = L·D·Lᵀ,
/// q₀ = d₀ − x, qᵢ = (dᵢ − x) − eᵢ₋₁²/qᵢ₋₁. Always converges (each step halves an interval that holds the eigenvalue),
/// to an absolute accuracy of a few u·‖T‖; O(n²·iterations). The fallback of <see cref="SymmetricEigenvalues"/>.
/// </summary>
internal static class SturmBisection
{
    /// <summary>The n eigenvalues of (d, e) in ascending order; e[i] couples i and i+1 (e[n-1] unused).</summary>
    public static double[] Eigenvalues(double[] d, double[] e)
    {
        var n = d.Length;
        var result = new double[n];
        if (n == 0) return result;
        // Work on T scaled by a power of two to norm ≈ 1, so that e² neither under- nor overflows.
        var max = 0.0;
        for (var i = 0; i < n; i++) max = Math.Max(max, Math.Max(Math.Abs(d[i]), i < n - 1 ? Math.Abs(e[i]) : 0));
        if (max == 0) return result;
        if (!double.IsFinite(max)) { Array.Fill(result, double.NaN); return result; }
        var exponent = Math.ILogB(max);
        d = d.Select(x => Math.ScaleB(x, -exponent)).ToArray();
        e = e.Select(x => Math.ScaleB(x, -exponent)).ToArray();
        // Gershgorin interval [lo, hi] holds every eigenvalue.
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            var radius = (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0);
            lo = Math.Min(lo, d[i] - radius);
            hi = Math.Max(hi, d[i] + radius);
        }
        var norm = Math.Max(Math.Abs(lo), Math.Abs(hi));
        var tolerance = 4 * 2.220446049250313e-16 * norm;
        const double pivmin = 1e-290;
        var e2 = new double[n];
        for (var i = 0; i < n - 1; i++) e2[i] = e[i] * e[i];
        Parallel.For(0, n, k =>
        {
            // The k-th smallest eigenvalue: the smallest x with at least k+1 eigenvalues ≤ x.
            double a = lo - tolerance, b = hi + tolerance;
            while (b - a > tolerance && b - a > 2 * double.Epsilon)
            {
                var mid = 0.5 * (a + b);
                if (mid <= a || mid >= b) break;
                if (CountBelow(d, e2, mid, pivmin) > k) b = mid;
                else a = mid;
            }
            result[k] = Math.ScaleB(0.5 * (a + b), exponent);
        });
        return result;
    }

    /// <summary>Number of eigenvalues of (d, e) smaller than <paramref name="x"/> (negative pivots of T − x·I).</summary>
    internal static int CountBelow(double[] d, double[] e2, double x, double pivmin)
    {
        var count = 0;
        var q = d[0] - x;
        if (Math.Abs(q) < pivmin) q = -pivmin;
        if (q < 0) count++;
        for (var i = 1; i < d.Length; i++)
        {
            q = d[i] - x - e2[i - 1] / q;
            if (Math.Abs(q) < pivmin) q = -pivmin;
            if (q < 0) count++;
        }
        return count;
    }
}
