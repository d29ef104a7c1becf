using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>The pixels of a data set, uint8 [Count, Channels, Size, Size] (CHW, row-major).</summary>
public sealed record DatasetImages(byte[] Pixels, int Count, int Channels, int Size, string Description);

/// <summary>
/// Reads an <see cref="ImageDataSpec"/> exactly as the trainer trains on it, for the trainer and the evaluator alike:
/// MNIST digits padded with black to 32×32 (1 channel); Stacked MNIST samples of its reference stream
/// (<see cref="StackedMnist.ReferenceSeed"/>; 25,600 unless a limit is given) at 28×28, or padded to 32; CIFAR-10 32×32 RGB;
/// <c>images:DIR</c> every image file under DIR (recursively, sorted by path), centre-cropped to a square and resized to
/// <c>imageSize</c> (RGB).
/// </summary>
public static class ImageDatasetReader
{
    public const int MnistSize = 32;

    /// <param name="limit">Read only the first <paramref name="limit"/> images (default all).</param>
    /// <param name="log">Receives the folder summary (images read, files skipped) for <c>images:</c>.</param>
    public static DatasetImages Read(ImageDataSpec spec, int imageSize, int? limit = null, Action<string>? log = null)
    {
        switch (spec.Kind)
        {
            case ImageDataSpec.Mnist:
                if (imageSize != MnistSize) throw new InputException("--image-size: MNIST is trained at 32 (digits padded to 32×32)");
                return Mnist(spec.Path, limit);
            case ImageDataSpec.StackedMnist:
                return Stacked(spec.Path, imageSize, limit);
            case ImageDataSpec.Cifar10:
                if (imageSize != Cifar10Binary.Side) throw new InputException("--image-size: CIFAR-10 is 32×32");
                return Cifar10(spec.Path, limit);
            case ImageDataSpec.Images:
                return Folder(spec.Path, imageSize, limit, log);
            default:
                throw new InputException($"unknown data kind '{spec.Kind}' (expected mnist, stacked-mnist, cifar10 or images)");
        }
    }

    static DatasetImages Mnist(string path, int? limit)
    {
        var idx = IdxImages.Read(path);
        int n = Math.Min(idx.Count, limit ?? int.MaxValue), rows = idx.Rows, cols = idx.Cols;
        if (rows > MnistSize || cols > MnistSize) throw InputException.ForFile(path, $"images are {rows}×{cols}, larger than {MnistSize}");
        var py = (MnistSize - rows) / 2;
        var px = (MnistSize - cols) / 2;
        var pixels = new byte[(long)n * MnistSize * MnistSize];
        for (var i = 0; i < n; i++)
            for (var y = 0; y < rows; y++)
                Array.Copy(idx.Pixels, ((long)i * rows + y) * cols, pixels, ((long)i * MnistSize + y + py) * MnistSize + px, cols);
        return new DatasetImages(pixels, n, 1, MnistSize, "mnist");
    }

    static DatasetImages Stacked(string path, int size, int? limit)
    {
        if (size is not (StackedMnist.Side or MnistSize)) throw new InputException($"--image-size: Stacked MNIST is 28×28 (or padded to 32), not {size}");
        var data = StackedMnist.Read(path);
        var n = limit ?? StackedMnist.DefaultReferenceCount;
        return new DatasetImages(data.Draw(StackedMnist.ReferenceSeed, 0, n, size), n, StackedMnist.Channels, size, "stacked-mnist");
    }

    static DatasetImages Cifar10(string path, int? limit)
    {
        var files = Cifar10Binary.Files(path);
        var counts = files.Select(Cifar10Binary.RecordCount).ToArray();
        var total = (int)Math.Min(counts.Sum(c => (long)c), limit ?? int.MaxValue);
        var pixels = new byte[(long)total * Cifar10Binary.ImageBytes];
        long n = 0;
        for (var f = 0; f < files.Count && n < total; f++)
        {
            var bytes = File.ReadAllBytes(files[f]);
            for (var r = 0; r < counts[f] && n < total; r++, n++)
            {
                var label = bytes[r * Cifar10Binary.RecordSize];
                if (label > 9) throw InputException.ForFile(files[f], $"record {r} has label {label} (not CIFAR-10 binary)");
                Array.Copy(bytes, r * Cifar10Binary.RecordSize + 1, pixels, n * Cifar10Binary.ImageBytes, Cifar10Binary.ImageBytes);
            }
        }
        return new DatasetImages(pixels, total, 3, Cifar10Binary.Side, "cifar10");
    }

    static DatasetImages Folder(string dir, int size, int? limit, Action<string>? log)
    {
        var listing = ImageFolderListing.Of(dir, recursive: true);
        var files = limit is { } l && l < listing.Files.Length ? listing.Files[..l] : listing.Files;
        log?.Invoke(listing.Summary(files.Length));
        var plane = size * size;
        var pixels = new byte[(long)files.Length * 3 * plane];
        Parallel.For(0, files.Length, i =>
        {
            var img = ImageTensor.CenterCropResize(ImageFile.Read(files[i]), size);
            var o = (long)i * 3 * plane;
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < plane; p++) pixels[o + c * plane + p] = img.Pixels[p * 3 + c];
        });
        return new DatasetImages(pixels, files.Length, 3, size, "images");
    }
}
