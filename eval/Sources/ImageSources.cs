using MmaGan.Shared.Datasets;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Sources;

/// <summary>Opens a SOURCE argument by what it is: a data-set spec as the trainer's <c>--data</c> takes it
/// (<c>mnist:PATH</c>, <c>stacked-mnist:PATH</c>, <c>cifar10:PATH</c>, <c>images:DIR</c> with <c>imageSize</c>: <see cref="DatasetSource"/>), or a plain
/// path: a folder of images (or of CIFAR-10 .bin files), a CIFAR-10 .bin, an MNIST IDX file (raw or .gz), or a generator
/// .onnx (n samples). Plain paths are read at native size, folders flat unless <c>recursive</c>.</summary>
public static class ImageSources
{
    public const int DefaultGeneratorSamples = 50_000;

    public static bool IsStatsFile(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What a SOURCE that is almost an image source means: a name registered with <c>stats --name</c> is its file
    /// (<see cref="CustomReferences"/>); a run folder of <c>mmagan-train</c> (config.json beside generator.onnx) is its
    /// generator, and says so once on stderr; anything else is returned as given.
    /// </summary>
    public static string Resolve(string source)
    {
        if (!File.Exists(source) && !Directory.Exists(source) && CustomReferences.Find(source) is { } registered) return registered;
        if (!Directory.Exists(source) || !File.Exists(Path.Combine(source, "config.json"))) return source;
        var generator = Path.Combine(source, "generator.onnx");
        if (!File.Exists(generator))
            throw InputException.ForFile(source, $"is a run folder of mmagan-train without generator.onnx: export one first (mmagan-train export {source})");
        Shared.Cli.Warnings.Line($"{source}: a run folder: scoring its generator, {generator}");
        return generator;
    }

    /// <summary>The line for a SOURCE that does not exist: a checkpoint says how to export it, a bare word lists the named references.</summary>
    static InputException Missing(string path)
    {
        if (path.Contains(Path.DirectorySeparatorChar) || Path.HasExtension(path)) return InputException.ForFile(path, "no such file or folder");
        string[] names = [.. NamedReferences.Names, .. CustomReferences.Names()];
        return new InputException($"{path}: no such file or folder, and not a named reference (the named references are {string.Join(", ", names)}; "
            + $"register your own with `stats SOURCE --name NAME`){Shared.Cli.NearestNames.Suggestion(path, names)}");
    }

    /// <param name="n">Samples from a generator (default 50,000); for datasets the first n images (default all).</param>
    /// <param name="log">Receives one line per image folder: images read, files skipped.</param>
    public static IImageSource Open(string path, int? n = null, int seed = StandardNormalLatents.DefaultSeed, string device = "cpu",
        (float, float)? outputRange = null, int imageSize = ImageDatasetReader.MnistSize, bool recursive = false, Action<string>? log = null, int threads = 0)
    {
        if (n is < 1) throw new InputException($"--n must be positive, got {n}");
        path = Resolve(path);
        if (NamedReferences.IsName(path)) return NamedReferences.Resolve(path).Open(n);
        // Stacked MNIST is read at its own 28×28, as its networks generate it (--image-size sizes images:DIR).
        if (ImageDataSpec.TryParse(path) is { } spec) return new DatasetSource(spec, spec.Kind == ImageDataSpec.StackedMnist ? StackedMnist.Side : imageSize, n, log);
        if (Directory.Exists(path))
        {
            var bins = Directory.EnumerateFiles(path, "*.bin").Order(StringComparer.Ordinal).ToArray();
            if (bins.Length > 0 && !Directory.EnumerateFiles(path).Any(ImageFile.IsImage))
                return new Cifar10BinSource(bins, n);
            var folder = new ImageFolderSource(path, n, recursive);
            log?.Invoke(folder.Listing.Summary(folder.Count));
            return folder;
        }
        if (!File.Exists(path)) throw Missing(path);
        var lower = path.ToLowerInvariant();
        if (lower.EndsWith(".ckpt"))
            throw InputException.ForFile(path, "is a trainer checkpoint: export its generator to ONNX first (mmagan-train export RUN_DIR --checkpoint "
                + $"{Path.GetFileName(path)} --out G.onnx), then score G.onnx");
        if (lower.EndsWith(".onnx")) return new GeneratorSource(path, n ?? DefaultGeneratorSamples, seed, device, outputRange, threads);
        if (lower.EndsWith(".bin")) return new Cifar10BinSource([path], n);
        if (lower.Contains("idx") || lower.EndsWith(".gz") || lower.EndsWith("-ubyte")) return new MnistIdxSource(path, n);
        if (IsStatsFile(path)) throw InputException.ForFile(path, "a statistics file is not an image source here");
        throw InputException.ForFile(path, "unknown source: expected mnist:PATH, stacked-mnist:PATH, cifar10:PATH, images:DIR, an image folder, a CIFAR-10 .bin, an MNIST IDX file, a generator .onnx or (for fid) a stats .npz");
    }
}
