using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>Opens a SOURCE argument by what it is: a folder of images (or of CIFAR-10 .bin files), a CIFAR-10 .bin,
/// an MNIST IDX file (raw or .gz), or a generator .onnx (n samples).</summary>
public static class ImageSources
{
    public const int DefaultGeneratorSamples = 50_000;

    public static bool IsStatsFile(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    /// <param name="n">Samples from a generator (default 50,000); for datasets the first n images (default all).</param>
    public static IImageSource Open(string path, int? n = null, int seed = 42, string device = "cpu", (float, float)? outputRange = null)
    {
        if (n is < 1) throw new InputException($"--n must be positive, got {n}");
        if (Directory.Exists(path))
        {
            var bins = Directory.EnumerateFiles(path, "*.bin").Order(StringComparer.Ordinal).ToArray();
            if (bins.Length > 0 && !Directory.EnumerateFiles(path).Any(ImageFile.IsImage))
                return new Cifar10BinSource(bins, n);
            return new ImageFolderSource(path, n);
        }
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file or folder");
        var lower = path.ToLowerInvariant();
        if (lower.EndsWith(".onnx")) return new GeneratorSource(path, n ?? DefaultGeneratorSamples, seed, device, outputRange);
        if (lower.EndsWith(".bin")) return new Cifar10BinSource([path], n);
        if (lower.Contains("idx") || lower.EndsWith(".gz") || lower.EndsWith("-ubyte")) return new MnistIdxSource(path, n);
        if (IsStatsFile(path)) throw InputException.ForFile(path, "a statistics file is not an image source here");
        throw InputException.ForFile(path, "unknown source: expected an image folder, a CIFAR-10 .bin, an MNIST IDX file, a generator .onnx or (for fid) a stats .npz");
    }
}
