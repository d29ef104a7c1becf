using MmaGan.Shared.Datasets;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>Image files (PNG, JPEG, BMP, TGA, GIF) of one folder — with <c>recursive</c> also of its subfolders — sorted by
/// path (ordinal), read at their own size as 8-bit RGB / 255; all must share one size. <see cref="Listing"/> says what was skipped.</summary>
public sealed class ImageFolderSource : IImageSource
{
    readonly string[] _files;

    public ImageFolderSource(string folder, int? limit = null, bool recursive = false)
    {
        Name = folder;
        Listing = ImageFolderListing.Of(folder, recursive);
        var files = Listing.Files;
        _files = limit is { } n && n < files.Length ? files[..n] : files;
    }

    /// <summary>The folder's image files and the files skipped.</summary>
    public ImageFolderListing Listing { get; }

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
