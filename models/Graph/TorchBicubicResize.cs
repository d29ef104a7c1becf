namespace MmaGan.Models.Graph;

/// <summary>
/// <c>torch.nn.functional.interpolate(x, scale_factor=s, mode="bicubic", align_corners=False, antialias=False)</c> on CPU
/// for float32, as PyTorch ≥ 1.11 computes it (aten upsample_bicubic2d): output size ⌊in·s⌋; source coordinate
/// r = (1/s)·(i + ½) − ½ with the <i>given</i> scale (not in/out); i₀ = min(⌊r⌋, in − 1), t = clamp(r − i₀, 0, 1); cubic
/// convolution weights with A = −0.75 at distances t + 1, t, 1 − t, 2 − t on the indices i₀ − 1 … i₀ + 2 clamped to the
/// border; separable, rows outer: out = Σᵢ wyᵢ·(Σⱼ wxⱼ·p), each operation in float32.
/// </summary>
public static class TorchBicubicResize
{
    const float A = -0.75f;

    static float Conv1(float x) => ((A + 2) * x - (A + 3)) * x * x + 1;
    static float Conv2(float x) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;

    /// <summary>The four source indices and weights of each output index along one axis.</summary>
    static (int[] Index, float[] Weight) Axis(int inSize, int outSize, double scaleFactor)
    {
        var scale = (float)(1.0 / scaleFactor);
        var index = new int[outSize * 4];
        var weight = new float[outSize * 4];
        for (var i = 0; i < outSize; i++)
        {
            var real = scale * (i + 0.5f) - 0.5f;
            var i0 = Math.Min((int)MathF.Floor(real), inSize - 1);
            var t = Math.Min(Math.Max(real - i0, 0f), 1f);
            float x2 = 1.0f - t;
            weight[i * 4 + 0] = Conv2(t + 1.0f);
            weight[i * 4 + 1] = Conv1(t);
            weight[i * 4 + 2] = Conv1(x2);
            weight[i * 4 + 3] = Conv2(x2 + 1.0f);
            for (var j = 0; j < 4; j++) index[i * 4 + j] = Math.Clamp(i0 + j - 1, 0, inSize - 1);
        }
        return (index, weight);
    }

    /// <summary>Output size along an axis: ⌊in·s⌋ (as F.interpolate computes it from a scale factor).</summary>
    public static int OutputSize(int inSize, double scaleFactor) => (int)Math.Floor(inSize * scaleFactor);

    /// <summary>
    /// Resizes <paramref name="channels"/> planes [h, w] (channel-major, as a [1, C, h, w] tensor) by the scale factors
    /// (<paramref name="scaleH"/>, <paramref name="scaleW"/>); returns [C, outH, outW].
    /// </summary>
    public static float[] Resize(ReadOnlySpan<float> planes, int channels, int h, int w, double scaleH, double scaleW, out int outH, out int outW)
    {
        outH = OutputSize(h, scaleH);
        outW = OutputSize(w, scaleW);
        if (outH < 1 || outW < 1) throw new ArgumentException($"scale factors ({scaleH}, {scaleW}) give an empty output from {h}×{w}");
        var (iy, wy) = Axis(h, outH, scaleH);
        var (ix, wx) = Axis(w, outW, scaleW);
        var result = new float[channels * outH * outW];
        for (var c = 0; c < channels; c++)
        {
            var p = planes.Slice(c * h * w, h * w);
            for (var oy = 0; oy < outH; oy++)
                for (var ox = 0; ox < outW; ox++)
                {
                    float output = 0;
                    for (var a = 0; a < 4; a++)
                    {
                        var row = p.Slice(iy[oy * 4 + a] * w, w);
                        var t = row[ix[ox * 4]] * wx[ox * 4];
                        for (var b = 1; b < 4; b++) t += row[ix[ox * 4 + b]] * wx[ox * 4 + b];
                        output = a == 0 ? t * wy[oy * 4] : output + t * wy[oy * 4 + a];
                    }
                    result[(c * outH + oy) * outW + ox] = output;
                }
        }
        return result;
    }
}
