namespace MmaGan.Shared.Imaging;

/// <summary>Conversions between 8-bit images and float CHW tensors.</summary>
public static class ImageTensor
{
    /// <summary>CHW floats in [low, high] to an 8-bit image: v ↦ round(255·(v − low)/(high − low)), clamped.</summary>
    public static Image8 FromChw(ReadOnlySpan<float> chw, int channels, int height, int width, float low = -1f, float high = 1f)
    {
        var pixels = new byte[channels * height * width];
        var plane = height * width;
        var scale = 255.0 / (high - low);
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < plane; i++)
            {
                var v = Math.Round((chw[c * plane + i] - low) * scale);
                pixels[i * channels + c] = (byte)Math.Clamp(double.IsNaN(v) ? 0 : v, 0, 255);
            }
        return new Image8(width, height, channels, pixels);
    }

    /// <summary>An 8-bit image to CHW floats value/255 in [0,1]; gray is repeated to 3 channels when asked.</summary>
    public static float[] ToChw01(Image8 image, int channels = 3)
    {
        var plane = image.Width * image.Height;
        var result = new float[channels * plane];
        ToChw01(image, result, channels);
        return result;
    }

    public static void ToChw01(Image8 image, Span<float> destination, int channels = 3)
    {
        var plane = image.Width * image.Height;
        for (var c = 0; c < channels; c++)
        {
            var src = Math.Min(c, image.Channels - 1);
            for (var i = 0; i < plane; i++) destination[c * plane + i] = image.Pixels[i * image.Channels + src] / 255f;
        }
    }

    /// <summary>Centre crop to a square, then resize to size×size with area averaging (down) or bilinear (up).</summary>
    public static Image8 CenterCropResize(Image8 image, int size)
    {
        var side = Math.Min(image.Width, image.Height);
        var x0 = (image.Width - side) / 2;
        var y0 = (image.Height - side) / 2;
        var c = image.Channels;
        var output = new byte[size * size * c];
        var scale = (double)side / size;
        var acc = new double[c];
        for (var oy = 0; oy < size; oy++)
            for (var ox = 0; ox < size; ox++)
            {
                if (scale >= 1)
                {
                    // Box filter over the source footprint (exact area average on integer ratios).
                    int sy0 = (int)Math.Floor(oy * scale), sy1 = Math.Max(sy0 + 1, (int)Math.Floor((oy + 1) * scale));
                    int sx0 = (int)Math.Floor(ox * scale), sx1 = Math.Max(sx0 + 1, (int)Math.Floor((ox + 1) * scale));
                    Array.Clear(acc);
                    for (var sy = sy0; sy < sy1; sy++)
                        for (var sx = sx0; sx < sx1; sx++)
                            for (var k = 0; k < c; k++) acc[k] += image.Pixels[((y0 + sy) * image.Width + x0 + sx) * c + k];
                    var count = (sy1 - sy0) * (sx1 - sx0);
                    for (var k = 0; k < c; k++) output[(oy * size + ox) * c + k] = (byte)Math.Round(acc[k] / count);
                }
                else
                {
                    var fy = Math.Clamp((oy + 0.5) * scale - 0.5, 0, side - 1);
                    var fx = Math.Clamp((ox + 0.5) * scale - 0.5, 0, side - 1);
                    int iy = (int)fy, ix = (int)fx;
                    int iy1 = Math.Min(iy + 1, side - 1), ix1 = Math.Min(ix + 1, side - 1);
                    double wy = fy - iy, wx = fx - ix;
                    for (var k = 0; k < c; k++)
                    {
                        double P(int yy, int xx) => image.Pixels[((y0 + yy) * image.Width + x0 + xx) * c + k];
                        var v = (1 - wy) * ((1 - wx) * P(iy, ix) + wx * P(iy, ix1)) + wy * ((1 - wx) * P(iy1, ix) + wx * P(iy1, ix1));
                        output[(oy * size + ox) * c + k] = (byte)Math.Round(v);
                    }
                }
            }
        return new Image8(size, size, c, output);
    }
}
