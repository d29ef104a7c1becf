using System.Numerics;
using System.Runtime.CompilerServices;

namespace MmaGan.Eval.Metrics.LinearAlgebra;

/// <summary>SIMD dot products and fused updates on contiguous double spans.</summary>
internal static class VectorOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        var i = 0;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        var w = Vector<double>.Count;
        for (; i <= n - 2 * w; i += 2 * w)
        {
            acc0 += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
            acc1 += new Vector<double>(x[(i + w)..]) * new Vector<double>(y[(i + w)..]);
        }
        var s = Vector.Sum(acc0 + acc1);
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var i = 0;
        var w = Vector<double>.Count;
        var av = new Vector<double>(a);
        for (; i <= n - w; i += w)
            (new Vector<double>(y[i..]) + av * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>y -= a·x + b·z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractTwo(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> z, Span<double> y)
    {
        var n = y.Length;
        var i = 0;
        var w = Vector<double>.Count;
        var av = new Vector<double>(a);
        var bv = new Vector<double>(b);
        for (; i <= n - w; i += w)
            (new Vector<double>(y[i..]) - av * new Vector<double>(x[i..]) - bv * new Vector<double>(z[i..])).CopyTo(y[i..]);
        for (; i < n; i++) y[i] -= a * x[i] + b * z[i];
    }

    /// <summary>Splits rows [start, end) of a triangle whose row r costs (end - r) into two halves of equal work.</summary>
    public static int BalancedSplit(int start, int end)
    {
        // Work from r to end is (end - r)²/2; half the total when end - r = (end - start)/√2.
        var split = end - (int)((end - start) / Math.Sqrt(2));
        return Math.Clamp(split, start, end);
    }
}
