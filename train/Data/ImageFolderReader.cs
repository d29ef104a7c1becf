using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Train.Data;

/// <summary>A folder of PNG/JPEG images (recursively, sorted by path), centre-cropped and resized to size×size RGB.</summary>
public static class ImageFolderReader
{
    public static (byte[] Pixels, int Count) Read(string dir, int size)
    {
        if (!Directory.Exists(dir)) throw InputException.ForFile(dir, "no such folder");
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(ImageFile.IsImage).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw InputException.ForFile(dir, "folder holds no PNG or JPEG images");
        var plane = size * size;
        var pixels = new byte[(long)files.Length * 3 * plane];
        Parallel.For(0, files.Length, i =>
        {
            var img = ImageTensor.CenterCropResize(ImageFile.Read(files[i]), size);
            var o = (long)i * 3 * plane;
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < plane; p++) pixels[o + c * plane + p] = img.Pixels[p * 3 + c];
        });
        return (pixels, files.Length);
    }
}
