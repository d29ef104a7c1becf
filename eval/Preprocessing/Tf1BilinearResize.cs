namespace MmaGan.Eval.Preprocessing;

/// <summary>
/// torch-fidelity's <c>interpolate_bilinear_2d_like_tensorflow1x(x, size, align_corners=False)</c> ("slow", the method its
/// DINOv2 and CLIP extractors use), which reproduces TensorFlow 1.x's <c>resize_bilinear</c>, in float32 as it runs on CPU:
/// source coordinate s = float32(i) · float32(in/out) (no half-pixel offset), lo = ⌊s⌋, hi = min(lo + 1, in − 1),
/// d = s − lo; top = p[lo] + (p[hi] − p[lo])·dx along x, then the same along y between the two interpolated rows —
/// each operation rounded to float32 as torch evaluates it.
/// </summary>
public static class Tf1BilinearResize
{
    /// <summary>Sample positions along one axis: (lo, hi, fraction).</summary>
    static (int[] Lo, int[] Hi, float[] Frac) Axis(int inSize, int outSize)
    {
        var scale = (float)((double)inSize / outSize);
        var lo = new int[outSize];
        var hi = new int[outSize];
        var frac = new float[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var s = (float)i * scale;
            lo[i] = (int)s;
            hi[i] = Math.Min(lo[i] + 1, inSize - 1);
            frac[i] = s - lo[i];
        }
        return (lo, hi, frac);
    }

    /// <summary>A float plane [h, w] resized to [outH, outW].</summary>
    public static float[] Resize(ReadOnlySpan<float> plane, int h, int w, int outH, int outW)
    {
        if (h < 1 || w < 1 || outH < 1 || outW < 1) throw new ArgumentException($"sizes must be positive: {h}×{w} → {outH}×{outW}");
        if (plane.Length < h * w) throw new ArgumentException($"plane holds {plane.Length} values, {h}×{w} needed");
        var (xl, xh, dx) = Axis(w, outW);
        var (yl, yh, dy) = Axis(h, outH);
        var result = new float[outH * outW];
        for (var oy = 0; oy < outH; oy++)
        {
            var r0 = plane.Slice(yl[oy] * w, w);
            var r1 = plane.Slice(yh[oy] * w, w);
            for (var ox = 0; ox < outW; ox++)
            {
                float p00 = r0[xl[ox]], p01 = r0[xh[ox]], p10 = r1[xl[ox]], p11 = r1[xh[ox]];
                var top = p00 + (p01 - p00) * dx[ox];
                var bottom = p10 + (p11 - p10) * dx[ox];
                result[oy * outW + ox] = top + (bottom - top) * dy[oy];
            }
        }
        return result;
    }
}
