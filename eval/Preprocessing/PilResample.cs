namespace MmaGan.Eval.Preprocessing;

/// <summary>
/// Pillow's <c>Image.resize(size, Image.BICUBIC)</c> (libImaging/Resample.c, unchanged from Pillow 7 to 12) on one channel
/// plane, in its two forms: 8-bit (mode "L"/"RGB": fixed-point weights of 22 bits, rounding and clipping to 0…255 after each
/// pass) and 32-bit float (mode "F": float64 accumulation, float32 result). The filter is the bicubic convolution kernel with
/// a = −0.5, support 2, stretched by the scale when downsampling (antialiased); weights are normalised to sum to 1 per
/// output pixel; the horizontal pass runs first over only the rows the vertical pass reads, then the vertical pass.
/// An axis whose size does not change is not resampled, and an unchanged size is a copy (as <c>Image.resize</c> returns
/// <c>self.copy()</c>).
/// </summary>
public static class PilResample
{
    const double Support = 2.0;
    const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Pillow's bicubic_filter: a = −0.5.</summary>
    static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>Per output index: the first input index, how many inputs, and their weights (precompute_coeffs).</summary>
    sealed record Coefficients(int KSize, int[] Start, int[] Count, double[] Weights);

    static Coefficients Precompute(int inSize, int outSize)
    {
        var scale = (double)(float)inSize / outSize; // (double)(in1 − in0) / outSize, box edges being floats
        var filterScale = Math.Max(scale, 1.0);
        var support = Support * filterScale;
        var ksize = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new double[outSize * ksize];
        var invFilterScale = 1.0 / filterScale;
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ww = 0.0;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var k = weights.AsSpan(xx * ksize, ksize);
            for (var x = 0; x < xmax; x++)
            {
                var w = Bicubic((x + xmin - center + 0.5) * invFilterScale);
                k[x] = w;
                ww += w;
            }
            if (ww != 0.0)
                for (var x = 0; x < xmax; x++) k[x] /= ww;
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(ksize, start, count, weights);
    }

    /// <summary>normalize_coeffs_8bpc: weights as 22-bit fixed point, rounded half away from zero.</summary>
    static int[] FixedPoint(double[] weights)
    {
        var k = new int[weights.Length];
        for (var i = 0; i < k.Length; i++)
            k[i] = weights[i] < 0 ? (int)(-0.5 + weights[i] * (1 << PrecisionBits)) : (int)(0.5 + weights[i] * (1 << PrecisionBits));
        return k;
    }

    static byte Clip8(int v) => (byte)Math.Clamp(v >> PrecisionBits, 0, 255);

    /// <summary>An 8-bit plane [h, w] resized to [outH, outW] as Pillow resizes an 8-bit image's channel.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> plane, int h, int w, int outH, int outW)
    {
        Check(plane.Length, h, w, outH, outW);
        if (h == outH && w == outW) return plane.ToArray();
        var horizontal = Precompute(w, outW);
        var vertical = Precompute(h, outH);
        var src = plane.ToArray();
        int srcW = w, rowOffset = 0;
        if (outW != w)
        {
            // Only the rows the vertical pass reads: [first, last).
            var first = vertical.Start[0];
            var last = vertical.Start[outH - 1] + vertical.Count[outH - 1];
            var k = FixedPoint(horizontal.Weights);
            var tmp = new byte[(last - first) * outW];
            for (var yy = 0; yy < last - first; yy++)
            {
                var row = src.AsSpan((yy + first) * w, w);
                for (var xx = 0; xx < outW; xx++)
                {
                    var ss = 1 << (PrecisionBits - 1);
                    var xmin = horizontal.Start[xx];
                    var kx = k.AsSpan(xx * horizontal.KSize, horizontal.KSize);
                    for (var x = 0; x < horizontal.Count[xx]; x++) ss += row[x + xmin] * kx[x];
                    tmp[yy * outW + xx] = Clip8(ss);
                }
            }
            src = tmp;
            srcW = outW;
            rowOffset = first;
        }
        if (outH == h) return src;
        var kv = FixedPoint(vertical.Weights);
        var result = new byte[outH * srcW];
        for (var yy = 0; yy < outH; yy++)
        {
            var ymin = vertical.Start[yy] - rowOffset;
            var ky = kv.AsSpan(yy * vertical.KSize, vertical.KSize);
            for (var xx = 0; xx < srcW; xx++)
            {
                var ss = 1 << (PrecisionBits - 1);
                for (var y = 0; y < vertical.Count[yy]; y++) ss += src[(y + ymin) * srcW + xx] * ky[y];
                result[yy * srcW + xx] = Clip8(ss);
            }
        }
        return result;
    }

    /// <summary>A float plane [h, w] resized to [outH, outW] as Pillow resizes a mode "F" image.</summary>
    public static float[] Resize(ReadOnlySpan<float> plane, int h, int w, int outH, int outW)
    {
        Check(plane.Length, h, w, outH, outW);
        if (h == outH && w == outW) return plane.ToArray();
        var horizontal = Precompute(w, outW);
        var vertical = Precompute(h, outH);
        var src = plane.ToArray();
        int srcW = w, rowOffset = 0;
        if (outW != w)
        {
            var first = vertical.Start[0];
            var last = vertical.Start[outH - 1] + vertical.Count[outH - 1];
            var tmp = new float[(last - first) * outW];
            for (var yy = 0; yy < last - first; yy++)
            {
                var row = src.AsSpan((yy + first) * w, w);
                for (var xx = 0; xx < outW; xx++)
                {
                    var ss = 0.0;
                    var xmin = horizontal.Start[xx];
                    var kx = horizontal.Weights.AsSpan(xx * horizontal.KSize, horizontal.KSize);
                    for (var x = 0; x < horizontal.Count[xx]; x++) ss += row[x + xmin] * kx[x];
                    tmp[yy * outW + xx] = (float)ss;
                }
            }
            src = tmp;
            srcW = outW;
            rowOffset = first;
        }
        if (outH == h) return src;
        var result = new float[outH * srcW];
        for (var yy = 0; yy < outH; yy++)
        {
            var ymin = vertical.Start[yy] - rowOffset;
            var ky = vertical.Weights.AsSpan(yy * vertical.KSize, vertical.KSize);
            for (var xx = 0; xx < srcW; xx++)
            {
                var ss = 0.0;
                for (var y = 0; y < vertical.Count[yy]; y++) ss += src[(y + ymin) * srcW + xx] * ky[y];
                result[yy * srcW + xx] = (float)ss;
            }
        }
        return result;
    }

    static void Check(int length, int h, int w, int outH, int outW)
    {
        if (h < 1 || w < 1 || outH < 1 || outW < 1) throw new ArgumentException($"sizes must be positive: {h}×{w} → {outH}×{outW}");
        if (length < h * w) throw new ArgumentException($"plane holds {length} values, {h}×{w} needed");
    }
}
