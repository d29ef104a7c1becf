using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>
/// Double-precision matrix multiply C += alpha·op(A)·op(B) on row-major arrays (Goto/BLIS scheme: B packed in
/// KC×NR column panels, A packed in MC×KC blocks of MR-row panels, an 8×16 (AVX-512) or 4×8 (AVX2) FMA micro-kernel,
/// row blocks of C spread over the cores). op(X) is X or Xᵀ. Used by the FID trace computation.
/// </summary>
internal static unsafe class DenseGemm
{
    const int KC = 256, MC = 128;
    /// <summary>Register tile: 8×16 with AVX-512 (16 zmm accumulators), else 4×8 with AVX2 (8 ymm accumulators).</summary>
    static readonly bool Wide = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Environment.GetEnvironmentVariable("MMAGAN_GEMM_NARROW") != "1";
    static readonly int MR = Wide ? 8 : 4, NR = Wide ? 16 : 8;

    /// <summary>
    /// C[m×n] (ldc) += alpha · op(A)[m×k] · op(B)[k×n], where op(A)[i,p] = transA ? A[aOff+p·lda+i] : A[aOff+i·lda+p]
    /// and op(B)[p,j] = transB ? B[bOff+j·ldb+p] : B[bOff+p·ldb+j].
    /// </summary>
    public static void Multiply(int m, int n, int k, double alpha,
        double[] a, int aOff, int lda, bool transA,
        double[] b, int bOff, int ldb, bool transB,
        double[] c, int cOff, int ldc)
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        var nPanels = (n + NR - 1) / NR;
        var packedB = new double[KC * nPanels * NR];
        var mBlocks = (m + MC - 1) / MC;
        var threads = Math.Min(Environment.ProcessorCount, mBlocks);
        var packedA = new double[threads][];
        for (var t = 0; t < threads; t++) packedA[t] = new double[MC * KC];
        for (var pc = 0; pc < k; pc += KC)
        {
            var kc = Math.Min(KC, k - pc);
            PackB(b, bOff, ldb, transB, pc, kc, n, packedB);
            var pcLocal = pc;
            if (threads <= 1)
            {
                for (var ib = 0; ib < mBlocks; ib++) Block(ib, packedA[0]);
            }
            else
            {
                var next = -1;
                Parallel.For(0, threads, t =>
                {
                    int ib;
                    while ((ib = Interlocked.Increment(ref next)) < mBlocks) Block(ib, packedA[t]);
                });
            }

            void Block(int ib, double[] pa)
            {
                var ic = ib * MC;
                var mc = Math.Min(MC, m - ic);
                PackA(a, aOff, lda, transA, ic, mc, pcLocal, kc, pa);
                fixed (double* pA = pa, pB = packedB, pC = c)
                {
                    for (var jp = 0; jp < nPanels; jp++)
                    {
                        var j0 = jp * NR;
                        var nr = Math.Min(NR, n - j0);
                        for (var i0 = 0; i0 < mc; i0 += MR)
                        {
                            var mr = Math.Min(MR, mc - i0);
                            if (Wide) Kernel512(kc, pA + i0 * kc, pB + jp * KC * NR, pC + cOff + (ic + i0) * ldc + j0, ldc, mr, nr, alpha);
                            else Kernel(kc, pA + i0 * kc, pB + jp * KC * NR, pC + cOff + (ic + i0) * ldc + j0, ldc, mr, nr, alpha);
                        }
                    }
                }
            }
        }
    }

    static void PackB(double[] b, int bOff, int ldb, bool transB, int pc, int kc, int n, double[] dst)
    {
        var nPanels = (n + NR - 1) / NR;
        for (var jp = 0; jp < nPanels; jp++)
        {
            var j0 = jp * NR;
            var nr = Math.Min(NR, n - j0);
            var baseIdx = jp * KC * NR;
            for (var p = 0; p < kc; p++)
            {
                var d = baseIdx + p * NR;
                if (!transB)
                {
                    var s = bOff + (pc + p) * ldb + j0;
                    for (var jj = 0; jj < nr; jj++) dst[d + jj] = b[s + jj];
                }
                else
                {
                    for (var jj = 0; jj < nr; jj++) dst[d + jj] = b[bOff + (j0 + jj) * ldb + pc + p];
                }
                for (var jj = nr; jj < NR; jj++) dst[d + jj] = 0;
            }
        }
    }

    /// <summary>Packs op(A)[ic:ic+mc, pc:pc+kc] as consecutive 4-row panels, each stored k-major (kc×4).</summary>
    static void PackA(double[] a, int aOff, int lda, bool transA, int ic, int mc, int pc, int kc, double[] dst)
    {
        for (var i0 = 0; i0 < mc; i0 += MR)
        {
            var mr = Math.Min(MR, mc - i0);
            var baseIdx = i0 * kc;
            if (!transA)
            {
                for (var ii = 0; ii < MR; ii++)
                {
                    if (ii < mr)
                    {
                        var s = aOff + (ic + i0 + ii) * lda + pc;
                        for (var p = 0; p < kc; p++) dst[baseIdx + p * MR + ii] = a[s + p];
                    }
                    else for (var p = 0; p < kc; p++) dst[baseIdx + p * MR + ii] = 0;
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var s = aOff + (pc + p) * lda + ic + i0;
                    var d = baseIdx + p * MR;
                    for (var ii = 0; ii < mr; ii++) dst[d + ii] = a[s + ii];
                    for (var ii = mr; ii < MR; ii++) dst[d + ii] = 0;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Kernel(int kc, double* a, double* b, double* c, int ldc, int mr, int nr, double alpha)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        if (Fma.IsSupported)
        {
            for (var p = 0; p < kc; p++)
            {
                var b0 = Avx.LoadVector256(b);
                var b1 = Avx.LoadVector256(b + 4);
                var a0 = Vector256.Create(a[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(a[1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(a[2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(a[3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
                a += 4; b += 8;
            }
        }
        else
        {
            for (var p = 0; p < kc; p++)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 4);
                var a0 = Vector256.Create(a[0]); c00 += a0 * b0; c01 += a0 * b1;
                var a1 = Vector256.Create(a[1]); c10 += a1 * b0; c11 += a1 * b1;
                var a2 = Vector256.Create(a[2]); c20 += a2 * b0; c21 += a2 * b1;
                var a3 = Vector256.Create(a[3]); c30 += a3 * b0; c31 += a3 * b1;
                a += 4; b += 8;
            }
        }
        var al = Vector256.Create(alpha);
        if (mr == 4 && nr == 8)
        {
            Store(c, c00, c01, al); Store(c + ldc, c10, c11, al);
            Store(c + 2 * ldc, c20, c21, al); Store(c + 3 * ldc, c30, c31, al);
            return;
        }
        var tmp = stackalloc double[4 * 8];
        (c00 * al).Store(tmp); (c01 * al).Store(tmp + 4);
        (c10 * al).Store(tmp + 8); (c11 * al).Store(tmp + 12);
        (c20 * al).Store(tmp + 16); (c21 * al).Store(tmp + 20);
        (c30 * al).Store(tmp + 24); (c31 * al).Store(tmp + 28);
        for (var i = 0; i < mr; i++)
            for (var j = 0; j < nr; j++)
                c[i * ldc + j] += tmp[i * 8 + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Kernel512(int kc, double* a, double* b, double* c, int ldc, int mr, int nr, double alpha)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            a += 8; b += 16;
        }
        var al = Vector512.Create(alpha);
        if (mr == 8 && nr == 16)
        {
            Store512(c, c00, c01, al); Store512(c + ldc, c10, c11, al); Store512(c + 2 * ldc, c20, c21, al); Store512(c + 3 * ldc, c30, c31, al);
            Store512(c + 4 * ldc, c40, c41, al); Store512(c + 5 * ldc, c50, c51, al); Store512(c + 6 * ldc, c60, c61, al); Store512(c + 7 * ldc, c70, c71, al);
            return;
        }
        var tmp = stackalloc double[8 * 16];
        (c00 * al).Store(tmp); (c01 * al).Store(tmp + 8); (c10 * al).Store(tmp + 16); (c11 * al).Store(tmp + 24);
        (c20 * al).Store(tmp + 32); (c21 * al).Store(tmp + 40); (c30 * al).Store(tmp + 48); (c31 * al).Store(tmp + 56);
        (c40 * al).Store(tmp + 64); (c41 * al).Store(tmp + 72); (c50 * al).Store(tmp + 80); (c51 * al).Store(tmp + 88);
        (c60 * al).Store(tmp + 96); (c61 * al).Store(tmp + 104); (c70 * al).Store(tmp + 112); (c71 * al).Store(tmp + 120);
        for (var i = 0; i < mr; i++)
            for (var j = 0; j < nr; j++)
                c[i * ldc + j] += tmp[i * 16 + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store512(double* c, Vector512<double> v0, Vector512<double> v1, Vector512<double> alpha)
    {
        (Vector512.Load(c) + v0 * alpha).Store(c);
        (Vector512.Load(c + 8) + v1 * alpha).Store(c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(double* c, Vector256<double> v0, Vector256<double> v1, Vector256<double> alpha)
    {
        (Vector256.Load(c) + v0 * alpha).Store(c);
        (Vector256.Load(c + 4) + v1 * alpha).Store(c + 4);
    }
}
