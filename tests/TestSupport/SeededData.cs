using System.Text;

namespace MmaGan.TestSupport;

/// <summary>
/// Deterministic test tensors and images that the reference fixtures were made from, computed the same way here and in the
/// (uncommitted) Python that ran the reference implementations, with integer and float64 arithmetic only so both give the
/// same bits: a SplitMix64 stream seeded by FNV-1a-64 of a tag; a value u ∈ [−1, 1) is ((z ≫ 40) − 2²³)/2²³; a tensor entry
/// is float32(offset + scale·u) computed in float64. So random-weight twins of 22–86 M parameters need no fixture file.
/// </summary>
public static class SeededData
{
    static ulong Fnv1a64(string s)
    {
        var h = 0xcbf29ce484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(s)) { h ^= b; h *= 0x100000001b3UL; }
        return h;
    }

    /// <summary>SplitMix64 outputs 1 … count from <paramref name="state"/>.</summary>
    static IEnumerable<ulong> SplitMix(ulong state, long count)
    {
        for (long i = 1; i <= count; i++)
        {
            var z = state + (ulong)i * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            yield return z ^ (z >> 31);
        }
    }

    public static float[] Tensor(int seed, string name, long[] shape, double offset, double scale)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var result = new float[n];
        var i = 0;
        foreach (var z in SplitMix(Fnv1a64($"{seed}:{name}"), n))
            result[i++] = (float)(offset + scale * (((long)(z >> 40) - (1L << 23)) / (double)(1 << 23)));
        return result;
    }

    /// <summary>(offset, scale) of a tensor by its name and shape, as the reference twins were filled.</summary>
    public static (double Offset, double Scale) Rule(string name, long[] shape)
    {
        var last = name.Split('.')[^1];
        if (last is "pos_embed" or "positional_embedding") return (0, 0.5);
        if (last is "cls_token" or "mask_token" or "class_embedding" or "logit_scale") return (0, 1);
        if (last == "gamma") return (0.5, 0.4);
        if (last.EndsWith("bias", StringComparison.Ordinal)) return (0, 0.1);
        if (last is "proj" or "text_projection") return (0, Math.Sqrt(3.0 / shape[0]));
        if (shape.Length == 1) return (1, 0.25);
        return (0, Math.Sqrt(3.0 / shape.Skip(1).Aggregate(1L, (a, b) => a * b)));
    }

    /// <summary>A state dict with these names and shapes filled by <see cref="Rule"/>.</summary>
    public static List<(string Name, float[] Data, long[] Shape)> StateDict(int seed, IEnumerable<(string Name, long[] Shape)> keys) =>
        [.. keys.Select(k => { var (o, s) = Rule(k.Name, k.Shape); return (k.Name, Tensor(seed, k.Name, k.Shape, o, s), k.Shape); })];

    /// <summary>An 8-bit RGB image [h, w, 3] (HWC): triangle-wave gradients plus noise in [−16, 15].</summary>
    public static byte[] Image(int seed, int index, int h, int w)
    {
        var image = new byte[h * w * 3];
        for (var c = 0; c < 3; c++)
        {
            long a = 3 + 2 * c + index, b = 5 + c + 2 * index, k = 1 + (index + c) % 3, phase = 37 * c + 101 * index;
            using var noise = SplitMix(Fnv1a64($"{seed}:image{index}:c{c}"), (long)h * w).GetEnumerator();
            for (long y = 0; y < h; y++)
                for (long x = 0; x < w; x++)
                {
                    var t = (x * a + y * b + ((x * y) >> 3) * k + phase) % 512;
                    var v = t < 256 ? t : 511 - t;
                    noise.MoveNext();
                    var n = (long)((noise.Current >> 56) & 31) - 16;
                    image[(y * w + x) * 3 + c] = (byte)Math.Clamp(v + n, 0, 255);
                }
        }
        return image;
    }

    /// <summary>The image as one CHW float plane set in [0, 1] (value/255), as the evaluator's sources give it.</summary>
    public static float[] ImageChw01(int seed, int index, int h, int w)
    {
        var hwc = Image(seed, index, h, w);
        var chw = new float[hwc.Length];
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < h * w; i++) chw[c * h * w + i] = hwc[i * 3 + c] / 255f;
        return chw;
    }

    /// <summary>The images the DINOv2/CLIP/resize references were run on (H, W): up, non-square, identity, down.</summary>
    public static readonly (int H, int W)[] ImageSizes = [(32, 32), (48, 64), (224, 224), (300, 260)];
}
