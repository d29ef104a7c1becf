using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation;

/// <summary>How the sources of an evaluation are read and run: batch size, device, ONNX Runtime threads, a generator's
/// output range, the side of <c>images:DIR</c> sources, whether plain folders are read with their subfolders, and whether
/// a dataset holding fewer images than asked is refused.</summary>
/// <param name="Threads">ONNX Runtime intra-op threads of every session (0 = one per core).</param>
/// <param name="OutputRange">A generator's output range LOW,HIGH instead of its metadata's (null: the metadata, else [−1,1]).</param>
/// <param name="ImageSize">Side of <c>images:DIR</c> sources after centre crop and resize (as the trainer's <c>--image-size</c>).</param>
/// <param name="Recursive">Read plain image folders with their subfolders (torch-fidelity's <c>--samples-find-deep</c>).</param>
/// <param name="Strict">Refuse a dataset holding fewer images than asked (default: warn and use all).</param>
public sealed record SourceReading(int Batch = EvaluationDefaults.Batch, string Device = "cpu", int Threads = 0,
    (float, float)? OutputRange = null, int ImageSize = Shared.Datasets.ImageDatasetReader.MnistSize, bool Recursive = false, bool Strict = false);

/// <summary>
/// Opens image sources, generators and models with one <see cref="SourceReading"/>, and runs a source through a feature
/// model or the LPIPS network with a progress bar.
/// </summary>
public sealed class SourceReader(SourceReading reading)
{
    public SourceReading Reading { get; } = reading;

    /// <summary>Opens <paramref name="path"/>: <paramref name="n"/> samples of a generator (default 50,000), or the first
    /// <paramref name="n"/> images of a dataset (default all). Image folders say on stderr how many files were read and
    /// skipped; fewer images than asked warn, or fail when strict (<see cref="RequestedCount"/>).</summary>
    public IImageSource Open(string path, int? n, int latentSeed) =>
        RequestedCount.Check(ImageSources.Open(path, n, latentSeed, Reading.Device, Reading.OutputRange, Reading.ImageSize, Reading.Recursive,
            l => Shared.Cli.Warnings.Line(l), Reading.Threads), n, Reading.Strict);

    /// <summary>Opens <paramref name="path"/> as a generator of <paramref name="n"/> samples, whatever its extension.</summary>
    public GeneratorSource OpenGenerator(string path, int n, int latentSeed) =>
        new(path, n, latentSeed, Reading.Device, Reading.OutputRange, Reading.Threads);

    /// <summary>The LPIPS model at <paramref name="path"/> on the reading's device.</summary>
    public LpipsModel Lpips(string path) => new(path, Reading.Device, Reading.Threads);

    /// <summary>One pass of <paramref name="source"/> through <paramref name="model"/> in batches, with a progress bar.</summary>
    public ExtractionResult Extract(string label, IImageSource source, IFeatureModel model, ProgressReporter progress,
        CancellationToken cancellation, bool wantLogits = false, IFeatureSink? featuresOut = null)
    {
        var key = Eta.FeatureKey(model.Path, Reading);
        progress.Plan($"{source.Count} images from {Label(label)} through {Label(model.Path)} on {Reading.Device}, {ThreadsText}, batch {Reading.Batch}"
            + Eta.Of(key, source.Count, "images", Eta.EstimateFor(model), Eta.Threads(Reading)));
        var result = progress.Track(Label(label), source.Count, "images",
            p => FeatureExtractor.Run(source, model, Reading.Batch, wantLogits, featuresOut, p, cancellation));
        Eta.Record(key, result.Count, result.Seconds, "images");
        return result;
    }

    /// <summary>LPIPS diversity of <paramref name="source"/> with progress in what each phase counts: the images read
    /// ("LPIPS NAME, reading: 500/500 images"), then the pairs scored ("LPIPS NAME: 250/250 pairs", its ETA in a plan line
    /// once the image size is known).</summary>
    public LpipsDiversityResult Diversity(string label, IImageSource source, LpipsModel model, string pairing, int? pairs, int pairingSeed,
        ProgressReporter progress, CancellationToken cancellation)
    {
        var list = LpipsDiversity.Pairs(source.Count, pairing, pairs, pairingSeed);
        progress.Plan($"LPIPS over {list.Count} {pairing} pairs of {source.Count} images from {Label(label)} through {Label(model.Path)} on {Reading.Device}, {ThreadsText}");
        var images = progress.Track($"LPIPS {Label(label)}, reading", source.Count, "images",
            p => LpipsDiversity.ReadImages(source, list, Reading.Batch, cancellation, p));
        var key = Eta.LpipsKey(model.Path, Reading, images.Height, images.Width);
        if (Eta.Of(key, list.Count, "pairs", null, Eta.Threads(Reading)) is { Length: > 0 } eta)
            progress.Plan($"LPIPS of {list.Count} pairs of {images.Height}×{images.Width} images{eta}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = progress.Track($"LPIPS {Label(label)}", list.Count, "pairs",
            p => LpipsDiversity.Score(images, list, model, Reading.Batch, cancellation, p));
        Eta.Record(key, list.Count, clock.Elapsed.TotalSeconds, "pairs");
        return result;
    }

    /// <summary>"N threads", or ONNX Runtime's default (one per core) for <c>--threads 0</c>.</summary>
    string ThreadsText => Reading.Threads > 0 ? $"{Reading.Threads} threads" : $"{Environment.ProcessorCount} threads (all cores; --threads N)";

    /// <summary>A short progress label: the file or folder name of a path.</summary>
    public static string Label(string path) => Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar)) is { Length: > 0 } file ? file : path;
}
