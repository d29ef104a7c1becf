using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>PNG/JPEG files of one folder, sorted by file name (ordinal), read as 8-bit RGB / 255; all must share one size.</summary>
public sealed class ImageFolderSource : IImageSource
{
    readonly string[] _files;

    public ImageFolderSource(string folder, int? limit = null)
    {
        Name = folder;
        if (!Directory.Exists(folder)) throw InputException.ForFile(folder, "folder not found");
        var files = Directory.EnumerateFiles(folder).Where(ImageFile.IsImage).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw InputException.ForFile(folder, "no PNG or JPEG images in this folder");
        _files = limit is { } n && n < files.Length ? files[..n] : files;
    }

    public string Name { get; }
    public int Count => _files.Length;

    public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
    {
        int h = -1, w = -1;
        for (var start = 0; start < _files.Length; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, _files.Length - start);
            float[]? data = null;
            for (var i = 0; i < count; i++)
            {
                var path = _files[start + i];
                var img = ImageFile.Read(path);
                if (h < 0) { h = img.Height; w = img.Width; }
                else if (img.Height != h || img.Width != w)
                    throw InputException.ForFile(path, $"image is {img.Width}x{img.Height} but earlier images in the folder are {w}x{h}");
                data ??= new float[count * 3 * h * w];
                ImageTensor.ToChw01(img, data.AsSpan(i * 3 * h * w, 3 * h * w), 3);
            }
            yield return new ImageBatch(data!, count, h, w);
        }
    }

    public void Dispose() { }
}
