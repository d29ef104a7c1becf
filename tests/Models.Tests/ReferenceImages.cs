using MmaGan.Shared.Imaging;
using MmaGan.TestSupport;

namespace MmaGan.Models.Tests;

/// <summary>The 16 reference PNGs (RGB 32×32) as one NCHW float batch in [0,1] (value/255).</summary>
internal static class ReferenceImages
{
    public const int Count = 16, Size = 32;

    public static float[] Load01(int first = 0, int count = Count)
    {
        var plane = 3 * Size * Size;
        var batch = new float[count * plane];
        for (var i = 0; i < count; i++)
        {
            var image = ImageFile.Read(SharedFixtures.Reference(Path.Combine("images", $"{first + i:0000}.png")));
            ImageTensor.ToChw01(image, batch.AsSpan(i * plane, plane));
        }
        return batch;
    }

    /// <summary>Same, scaled to [−1,1] (2x − 1).</summary>
    public static float[] LoadPm1(int first, int count) => [.. Load01(first, count).Select(v => 2 * v - 1)];
}
