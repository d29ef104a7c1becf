using MmaGan.Eval.Sources;
using MmaGan.Models.Preprocessing;

namespace MmaGan.Eval.Preprocessing;

/// <summary>
/// Applies a feature network's <see cref="FeaturePreprocessing"/> to a batch of RGB images in [0, 1] (any size): the resize
/// the reference performs outside its network, to <see cref="FeaturePreprocessing.InputSize"/>², values handed over in the
/// model's input range. The 8-bit conventions (dgm-eval, torch-fidelity, clean-fid's CLIP) first quantise each value as an
/// 8-bit image file holds it, q = ⌊255·x + ½⌋ clamped to 0…255 (torchvision's save_image; exact for 8-bit sources, which
/// arrive as q/255); clean-fid's clean mode resizes 255·x unquantised, as it resizes a generator's float output.
/// <see cref="ResizeMethod.InNetwork"/> passes the batch through unchanged.
/// </summary>
public sealed class ImagePreprocessor(FeaturePreprocessing convention)
{
    public FeaturePreprocessing Convention { get; } = convention;

    public bool ChangesInput => Convention.Resize != ResizeMethod.InNetwork;

    public ImageBatch Apply(ImageBatch batch)
    {
        if (!ChangesInput) return batch;
        var s = Convention.InputSize;
        var outPlane = s * s;
        var inPlane = batch.Height * batch.Width;
        var output = new float[batch.Count * 3 * outPlane];
        for (var i = 0; i < batch.Count; i++)
            for (var c = 0; c < 3; c++)
            {
                var plane = batch.Data.AsSpan((i * 3 + c) * inPlane, inPlane);
                Plane(plane, batch.Height, batch.Width, output.AsSpan((i * 3 + c) * outPlane, outPlane));
            }
        return new ImageBatch(output, batch.Count, s, s);
    }

    /// <summary>The 8-bit value an image file holds for x ∈ [0, 1].</summary>
    public static byte Quantise(float x) => (byte)Math.Clamp(Math.Floor(x * 255.0 + 0.5), 0, 255);

    void Plane(ReadOnlySpan<float> plane, int h, int w, Span<float> into)
    {
        var s = Convention.InputSize;
        switch (Convention.Resize)
        {
            case ResizeMethod.PilBicubic8Bit:
                {
                    var r = PilResample.Resize(Bytes(plane), h, w, s, s);
                    for (var j = 0; j < r.Length; j++) into[j] = r[j] / 255f; // ToTensor: value / 255
                    Rescale(into, 1f);
                    break;
                }
            case ResizeMethod.PilBicubic8BitCenterCrop:
                {
                    var r = ResizeShorterSideAndCrop(Bytes(plane), h, w, s);
                    // clean-fid: ToTensor()·255 (ResizeDataset), then /255 (CLIP_fx), each in float32.
                    for (var j = 0; j < r.Length; j++) into[j] = r[j] / 255f * 255f / 255f;
                    Rescale(into, 1f);
                    break;
                }
            case ResizeMethod.PilBicubicFloat:
                {
                    var x255 = new float[plane.Length];
                    for (var j = 0; j < plane.Length; j++) x255[j] = plane[j] * 255f;
                    var r = PilResample.Resize(x255, h, w, s, s);
                    for (var j = 0; j < r.Length; j++) into[j] = Math.Clamp(r[j], 0f, 255f); // .clip(0, 255)
                    Rescale(into, 255f);
                    break;
                }
            case ResizeMethod.Tf1Bilinear:
                {
                    var q = new float[plane.Length];
                    for (var j = 0; j < plane.Length; j++) q[j] = Quantise(plane[j]); // uint8 → float, 0…255
                    var r = Tf1BilinearResize.Resize(q, h, w, s, s);
                    r.CopyTo(into);
                    Rescale(into, 255f);
                    break;
                }
            default: throw new InvalidOperationException($"no resize for {Convention.Resize}");
        }
    }

    /// <summary>From the reference's own range (<paramref name="natural"/>: 1 or 255) to the model's input range.</summary>
    void Rescale(Span<float> values, float natural)
    {
        if (Convention.InputScale == natural) return;
        var f = Convention.InputScale / natural;
        for (var j = 0; j < values.Length; j++) values[j] *= f;
    }

    static byte[] Bytes(ReadOnlySpan<float> plane)
    {
        var b = new byte[plane.Length];
        for (var j = 0; j < b.Length; j++) b[j] = Quantise(plane[j]);
        return b;
    }

    /// <summary>
    /// torchvision's <c>Resize(S, BICUBIC)</c> on a PIL image (shorter side to S, longer to ⌊S·long/short⌋; no resize when the
    /// shorter side is S already) then <c>CenterCrop(S)</c> (top-left at round((size − S)/2), Python's round half to even).
    /// </summary>
    public static byte[] ResizeShorterSideAndCrop(byte[] plane, int h, int w, int s)
    {
        int newH, newW;
        if (w <= h) { newW = s; newH = (int)((double)s * h / w); }
        else { newH = s; newW = (int)((double)s * w / h); }
        var resized = Math.Min(h, w) == s ? plane : PilResample.Resize(plane, h, w, newH, newW);
        if (Math.Min(h, w) == s) { newH = h; newW = w; }
        if (newH < s || newW < s) throw new InvalidOperationException($"resized image {newH}×{newW} is smaller than the {s}×{s} crop");
        if (newH == s && newW == s) return resized;
        var top = (int)Math.Round((newH - s) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((newW - s) / 2.0, MidpointRounding.ToEven);
        var crop = new byte[s * s];
        for (var y = 0; y < s; y++) resized.AsSpan((top + y) * newW + left, s).CopyTo(crop.AsSpan(y * s, s));
        return crop;
    }
}
