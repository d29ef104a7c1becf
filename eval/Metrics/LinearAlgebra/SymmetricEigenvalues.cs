using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>
/// Eigenvalues (no vectors) of a dense symmetric matrix: blocked Householder tridiagonalisation as in LAPACK's
/// dsytrd/dlatrd (panels of <c>Nb</c> reflectors; the matrix-vector products split over the cores; the trailing
/// rank-2·Nb update applied once per panel), then the implicit QL method with Wilkinson shifts on the
/// tridiagonal matrix (tql1/tqli without eigenvectors; Sturm bisection as the fallback). O(4/3·n³) flops; backward stable.
/// </summary>
internal static class SymmetricEigenvalues
{
    const int Nb = 32;

    /// <summary>
    /// Eigenvalues of the symmetric n×n matrix whose UPPER triangle is stored row-major in <paramref name="a"/>
    /// (destroyed). Returned unsorted.
    /// </summary>
    public static double[] Compute(double[] a, int n)
    {
        var (d, e) = Tridiagonalise(a, n);
        TridiagonalQl(d, e);
        return d;
    }

    /// <summary>Reduces to tridiagonal form Qᵀ·A·Q = T; returns diag d[n] and super-diagonal e[n] (e[n-1] = 0).</summary>
    public static (double[] D, double[] E) Tridiagonalise(double[] a, int n)
    {
        var d = new double[n];
        var e = new double[n];
        if (n == 0) return (d, e);
        var vs = new double[Nb * n];
        var ws = new double[Nb * n];
        var y0 = new double[n];
        var y1 = new double[n];
        var t1 = new double[Nb];
        var t2 = new double[Nb];
        for (var k = 0; k < n - 1; k += Nb)
        {
            var nb = Math.Min(Nb, n - 1 - k);
            for (var j = 0; j < nb; j++)
            {
                var i = k + j;
                var row = a.AsSpan(i * n + i, n - i);
                // 1. Bring row i up to date with the panel's earlier reflectors: a[i, i:] -= Σ V[p][i]·W[p][i:] + W[p][i]·V[p][i:].
                for (var p = 0; p < j; p++)
                    VectorOps.SubtractTwo(vs[p * n + i], ws.AsSpan(p * n + i, n - i), ws[p * n + i], vs.AsSpan(p * n + i, n - i), row);
                d[i] = row[0];
                // 2. Householder reflector H = I - tau·v·vᵀ annihilating a[i, i+2:], v[i+1] = 1 (LAPACK dlarfg).
                var x = a.AsSpan(i * n + i + 1, n - i - 1);
                var alpha = x[0];
                var xnorm = Norm(x[1..]);
                double tau;
                if (xnorm == 0)
                {
                    tau = 0;
                    e[i] = alpha;
                }
                else
                {
                    var beta = -Math.CopySign(Hypot(alpha, xnorm), alpha);
                    tau = (beta - alpha) / beta;
                    var scale = 1 / (alpha - beta);
                    for (var q = 1; q < x.Length; q++) x[q] *= scale;
                    e[i] = beta;
                }
                var v = vs.AsSpan(j * n, n);
                v[..(i + 1)].Clear();
                v[i + 1] = 1;
                x[1..].CopyTo(v[(i + 2)..]);
                var w = ws.AsSpan(j * n, n);
                w.Clear();
                if (tau == 0) continue;
                // 3. w = tau·(A22·v - V(Wᵀv) - W(Vᵀv)) with A22 the trailing block as of the panel start.
                Symv(a, n, i + 1, vs, j * n, w, y0, y1);
                var vTail = v[(i + 1)..];
                for (var p = 0; p < j; p++)
                {
                    t1[p] = VectorOps.Dot(ws.AsSpan(p * n + i + 1, n - i - 1), vTail);
                    t2[p] = VectorOps.Dot(vs.AsSpan(p * n + i + 1, n - i - 1), vTail);
                }
                var wTail = w[(i + 1)..];
                for (var p = 0; p < j; p++)
                    VectorOps.SubtractTwo(t1[p], vs.AsSpan(p * n + i + 1, n - i - 1), t2[p], ws.AsSpan(p * n + i + 1, n - i - 1), wTail);
                for (var q = 0; q < wTail.Length; q++) wTail[q] *= tau;
                // w -= ½·tau·(wᵀv)·v
                var alpha2 = -0.5 * tau * VectorOps.Dot(wTail, vTail);
                VectorOps.Axpy(alpha2, vTail, wTail);
            }
            // Trailing rank-2nb update of rows/columns ≥ k+nb (upper triangle).
            var start = k + nb;
            if (start < n) TrailingUpdate(a, n, start, nb, vs, ws);
        }
        d[n - 1] = a[(n - 1) * n + n - 1];
        e[n - 1] = 0;
        return (d, e);
    }

    /// <summary>w[s:] = A[s:, s:]·v[s:] using the upper triangle, rows split over two threads.</summary>
    static void Symv(double[] a, int n, int s, double[] vs, int vOff, Span<double> w, double[] y0, double[] y1)
    {
        var split = n - s > 256 ? VectorOps.BalancedSplit(s, n) : n;
        Array.Clear(y0, s, n - s);
        if (split < n)
        {
            Array.Clear(y1, split, n - split);
            Parallel.Invoke(
                () => SymvRows(a, n, s, split, vs, vOff, y0),
                () => SymvRows(a, n, split, n, vs, vOff, y1));
            for (var r = split; r < n; r++) y0[r] += y1[r];
        }
        else SymvRows(a, n, s, n, vs, vOff, y0);
        y0.AsSpan(s, n - s).CopyTo(w[s..]);
    }

    static unsafe void SymvRows(double[] a, int n, int r0, int r1, double[] vs, int vOff, double[] y)
    {
        fixed (double* pa = a, pv = vs, py = y)
        {
            var v = pv + vOff;
            var r = r0;
            // Two rows at a time: one pass over each row computes its dot with v and adds its contribution to y.
            for (; r + 1 < r1; r += 2)
            {
                double* a0 = pa + (long)r * n, a1 = a0 + n;
                double v0 = v[r], v1 = v[r + 1];
                var dot0 = a0[r] * v0 + a0[r + 1] * v1;
                var dot1 = a0[r + 1] * v0 + a1[r + 1] * v1;
                var c = r + 2;
                if (Fma.IsSupported)
                {
                    Vector256<double> s0 = Vector256<double>.Zero, s1 = Vector256<double>.Zero;
                    var bv0 = Vector256.Create(v0);
                    var bv1 = Vector256.Create(v1);
                    for (; c + 4 <= n; c += 4)
                    {
                        var x0 = Avx.LoadVector256(a0 + c);
                        var x1 = Avx.LoadVector256(a1 + c);
                        var vv = Avx.LoadVector256(v + c);
                        s0 = Fma.MultiplyAdd(x0, vv, s0);
                        s1 = Fma.MultiplyAdd(x1, vv, s1);
                        var yy = Avx.LoadVector256(py + c);
                        yy = Fma.MultiplyAdd(x0, bv0, yy);
                        yy = Fma.MultiplyAdd(x1, bv1, yy);
                        Avx.Store(py + c, yy);
                    }
                    dot0 += Vector256.Sum(s0);
                    dot1 += Vector256.Sum(s1);
                }
                for (; c < n; c++)
                {
                    dot0 += a0[c] * v[c];
                    dot1 += a1[c] * v[c];
                    py[c] += a0[c] * v0 + a1[c] * v1;
                }
                py[r] += dot0;
                py[r + 1] += dot1;
            }
            for (; r < r1; r++)
            {
                var a0 = pa + (long)r * n;
                var v0 = v[r];
                var dot = a0[r] * v0;
                for (var c = r + 1; c < n; c++)
                {
                    dot += a0[c] * v[c];
                    py[c] += a0[c] * v0;
                }
                py[r] += dot;
            }
        }
    }

    /// <summary>
    /// A[r, c] -= Σ_p V[p][r]·W[p][c] + W[p][r]·V[p][c] for start ≤ r ≤ c (upper triangle), as one GEMM per row block:
    /// A -= [V; W]ᵀ·[W; V] (inner dimension 2·nb, so A is read and written once per panel).
    /// </summary>
    static void TrailingUpdate(double[] a, int n, int start, int nb, double[] vs, double[] ws)
    {
        var k = 2 * nb;
        var len = n - start;
        var left = new double[k * len];
        var right = new double[k * len];
        for (var p = 0; p < nb; p++)
        {
            Array.Copy(vs, p * n + start, left, p * len, len);
            Array.Copy(ws, p * n + start, left, (nb + p) * len, len);
            Array.Copy(ws, p * n + start, right, p * len, len);
            Array.Copy(vs, p * n + start, right, (nb + p) * len, len);
        }
        const int rb = 256;
        for (var i0 = start; i0 < n; i0 += rb)
        {
            var rows = Math.Min(rb, n - i0);
            var cols = n - i0;
            DenseGemm.Multiply(rows, cols, k, -1.0, left, i0 - start, len, true, right, i0 - start, len, false, a, i0 * n + i0, n);
        }
    }

    static double Norm(ReadOnlySpan<double> x)
    {
        // Scaled to avoid overflow/underflow like LAPACK dnrm2.
        var max = 0.0;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max == 0) return 0;
        if (max > 1e-150 && max < 1e150) return Math.Sqrt(VectorOps.Dot(x, x));
        var s = 0.0;
        foreach (var v in x) { var q = v / max; s += q * q; }
        return max * Math.Sqrt(s);
    }

    static double Hypot(double a, double b)
    {
        a = Math.Abs(a); b = Math.Abs(b);
        var m = Math.Max(a, b);
        if (m == 0) return 0;
        var r = Math.Min(a, b) / m;
        return m * Math.Sqrt(1 + r * r);
    }

    /// <summary>
    /// Eigenvalues of the symmetric tridiagonal (d, e), e[i] coupling i and i+1 (e[n-1] unused); on return d holds them.
    /// Implicit QL with Wilkinson shifts (EISPACK tql1 / NR §11.3 tqli, eigenvalues only) on the matrix scaled by a power
    /// of two to norm ≈ 1 (no under- or overflow). An off-diagonal counts as zero (deflation) when it is negligible next
    /// to its two diagonal neighbours, |e[m]| ≤ u·(|d[m]|+|d[m+1]|), or next to the whole matrix, |e[m]| ≤ u·‖T‖ (tql1's
    /// absolute test: the Householder reduction already perturbs eigenvalues by that much). The iteration budget is
    /// 30·n sweeps in total (LAPACK dsterf's), not per eigenvalue: graded matrices (small at the top, large at the
    /// bottom) legitimately spend hundreds of sweeps at one l while deflating interior eigenvalues. Should the budget
    /// still run out, or rotations produce non-finite values, the eigenvalues come from Sturm-sequence bisection of the
    /// (scaled) input instead — slower (O(n²·60)) but convergent on every input, so this never throws.
    /// </summary>
    public static void TridiagonalQl(double[] d, double[] e)
    {
        var n = d.Length;
        if (n == 0) return;
        var norm = 0.0;
        for (var i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + (i < n - 1 ? Math.Abs(e[i]) : 0) + (i > 0 ? Math.Abs(e[i - 1]) : 0));
        if (norm == 0) return;
        if (!double.IsFinite(norm)) { Array.Fill(d, double.NaN); return; }
        var exponent = Math.ILogB(norm);
        for (var i = 0; i < n; i++) { d[i] = Math.ScaleB(d[i], -exponent); e[i] = i < n - 1 ? Math.ScaleB(e[i], -exponent) : 0; }
        var scaled = (D: (double[])d.Clone(), E: (double[])e.Clone());
        if (!TryScaledQl(d, e, 30L * n)) SturmBisection.Eigenvalues(scaled.D, scaled.E).CopyTo(d, 0);
        for (var i = 0; i < n; i++) d[i] = Math.ScaleB(d[i], exponent);
    }

    /// <summary>QL on (d, e) scaled to norm in [1, 4); false when <paramref name="budget"/> sweeps do not suffice.</summary>
    internal static bool TryScaledQl(double[] d, double[] e, long budget)
    {
        const double u = 1.1102230246251565e-16;
        var n = d.Length;
        var norm = 0.0;
        for (var i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + Math.Abs(e[i]));
        var floor = u * norm;
        long sweeps = 0;
        for (var l = 0; l < n; l++)
        {
            int m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    var ae = Math.Abs(e[m]);
                    if (ae <= u * (Math.Abs(d[m]) + Math.Abs(d[m + 1])) || ae <= floor) break;
                }
                if (m != l)
                {
                    if (++sweeps > budget) return false;
                    var g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    var r = Hypot(g, 1.0);
                    g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                    double s = 1, c = 1, p = 0;
                    int i;
                    var deflated = false;
                    for (i = m - 1; i >= l; i--)
                    {
                        var f = s * e[i];
                        var b = c * e[i];
                        e[i + 1] = r = Hypot(f, g);
                        if (r == 0)
                        {
                            d[i + 1] -= p;
                            e[m] = 0;
                            deflated = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2.0 * c * b;
                        d[i + 1] = g + (p = s * r);
                        g = c * r - b;
                    }
                    if (!double.IsFinite(g) || !double.IsFinite(d[l])) return false;
                    if (deflated) continue;
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
        return true;
    }
}
