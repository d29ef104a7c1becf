using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The work <see cref="SourceSettings"/> configure: opens image sources, generators and the Inception and LPIPS models
/// on the settings' device and threads, and runs a source through a model in batches of <c>--batch</c> with a progress bar.
/// </summary>
internal sealed class SourceRunner(SourceSettings settings)
{
    /// <summary>The option values this runner works with.</summary>
    public SourceSettings Settings { get; } = settings;

    /// <summary>Opens <paramref name="path"/> with <paramref name="n"/> samples (default: <see cref="SourceSettings.N"/>); image folders say on
    /// stderr how many files were read and skipped; fewer images than asked warn, or fail with --strict (<see cref="RequestedCount"/>).</summary>
    public IImageSource Open(string path, int? n = null) =>
        RequestedCount.Check(ImageSources.Open(path, n ?? Settings.N, Settings.Seed, Settings.Device, Settings.OutputRange, Settings.ImageSize, Settings.Recursive, Console.Error.WriteLine, Settings.Threads), n ?? Settings.N, Settings.Strict);

    /// <summary>Opens <paramref name="path"/> as a generator of <paramref name="n"/> samples, whatever its extension.</summary>
    public GeneratorSource OpenGenerator(string path, int n) => new(path, n, Settings.Seed, Settings.Device, Settings.OutputRange, Settings.Threads);

    /// <summary>The FID Inception model at <paramref name="path"/> (default models/fid-inception.onnx) on <see cref="SourceSettings.Device"/>.</summary>
    public InceptionModel Inception(string? path) => new(ModelPaths.Resolve(path, ModelPaths.InceptionFile, "--inception"), Settings.Device, Settings.Threads);

    /// <summary>The LPIPS model at <paramref name="path"/> (default models/lpips-alex.onnx) on <see cref="SourceSettings.Device"/>.</summary>
    public LpipsModel Lpips(string? path) => new(ModelPaths.Resolve(path, ModelPaths.LpipsFile, "--lpips"), Settings.Device, Settings.Threads);

    /// <summary>One pass of <paramref name="source"/> through <paramref name="model"/> in batches of <see cref="SourceSettings.Batch"/>, with a progress bar.</summary>
    public ExtractionResult Extract(string label, IImageSource source, InceptionModel model, ProgressReporter progress,
        CancellationToken cancellation, bool wantLogits = false, StreamingNpyWriter? featuresOut = null)
    {
        progress.Plan($"{source.Count} images from {Label(label)} through {Label(model.Path)} on {Settings.Device}, {ThreadsText}, batch {Settings.Batch}");
        return progress.Track(Label(label), source.Count, "images",
            p => FeatureExtractor.Run(source, model, Settings.Batch, wantLogits, featuresOut, p, cancellation));
    }

    /// <summary>"N threads", or ONNX Runtime's default (one per core) for <c>--threads 0</c>.</summary>
    string ThreadsText => Settings.Threads > 0 ? $"{Settings.Threads} threads" : $"{Environment.ProcessorCount} threads (ONNX Runtime default; --threads N)";

    /// <summary>LPIPS diversity of <paramref name="source"/> with a progress bar (images read, then pairs scored).</summary>
    public LpipsDiversityResult Diversity(string label, IImageSource source, LpipsModel model, string mode, int? nPairs, int pairSeed,
        ProgressReporter progress, CancellationToken cancellation)
    {
        progress.Plan($"LPIPS over {source.Count} images from {Label(label)} ({mode} pairs) through {Label(model.Path)} on {Settings.Device}, {ThreadsText}");
        return progress.Track("LPIPS " + Label(label), LpipsDiversity.WorkItems(source.Count, nPairs), "items",
            p => LpipsDiversity.Compute(source, model, mode, nPairs, pairSeed, Settings.Batch, cancellation, p));
    }

    /// <summary>A short progress label: the file or folder name of a path.</summary>
    public static string Label(string path) => Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar)) is { Length: > 0 } file ? file : path;
}
