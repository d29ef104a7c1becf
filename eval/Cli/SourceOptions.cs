using System.CommandLine;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The options of commands that read images from a SOURCE (dataset or generator .onnx): <c>--n</c>, <c>--batch</c>,
/// <c>--device</c>, <c>--threads</c>, <c>--seed</c>, <c>--output-range</c>, <c>--image-size</c>, <c>--recursive</c>. A command may swap in its own <c>--n</c> or <c>--seed</c>
/// (other description or default), or drop <c>--n</c> (set it to null).
/// </summary>
internal sealed class SourceOptions
{
    public Option<int?>? N { get; init; } = EvalOptions.N();
    public Option<int> Batch { get; init; } = EvalOptions.Batch();
    public Option<string> Device { get; init; } = EvalOptions.Device();
    public Option<int> Seed { get; init; } = EvalOptions.Seed();
    public Option<string?> OutputRange { get; init; } = EvalOptions.OutputRange();
    public Option<int> ImageSize { get; init; } = DatasetOptions.ImageSize();
    public Option<bool> Recursive { get; init; } = DatasetOptions.Recursive();
    public Option<int> Threads { get; init; } = EvalOptions.Threads();
    public Option<bool> Strict { get; init; } = new("--strict") { Description = "refuse a dataset holding fewer images than --n (default: warn and use all)" };

    public IEnumerable<Option> All => N is null ? [Batch, Device, Threads, Seed, OutputRange, ImageSize, Recursive, Strict] : [N, Batch, Device, Threads, Seed, OutputRange, ImageSize, Recursive, Strict];

    /// <summary>The values given; checks the device (one-line error if this build cannot use it) and the output range.</summary>
    public SourceSettings Read(ParseResult p)
    {
        var device = p.GetValue(Device)!;
        OrtSessions.CheckDevice(device);
        return new SourceSettings(N is null ? null : p.GetValue(N), p.GetValue(Batch), device, p.GetValue(Seed),
            EvalOptions.ParseOutputRange(p.GetValue(OutputRange)))
        { ImageSize = DatasetOptions.CheckImageSize(p.GetValue(ImageSize)), Recursive = p.GetValue(Recursive), Threads = EvalOptions.CheckThreads(p.GetValue(Threads)), Strict = p.GetValue(Strict) };
    }
}

/// <summary>Values of <see cref="SourceOptions"/> for one invocation, and what commands do with them.</summary>
internal sealed record SourceSettings(int? N, int Batch, string Device, int Seed, (float, float)? OutputRange)
{
    /// <summary>Side of <c>images:DIR</c> sources after centre crop and resize (<c>--image-size</c>, as the trainer's).</summary>
    public int ImageSize { get; init; } = Shared.Datasets.ImageDatasetReader.MnistSize;
    /// <summary>Read plain image folders with their subfolders (<c>--recursive</c>).</summary>
    public bool Recursive { get; init; }
    /// <summary>ONNX Runtime intra-op threads for every session of the command (<c>--threads</c>; 0 = ONNX Runtime's default).</summary>
    public int Threads { get; init; }
    /// <summary>With <c>--strict</c>: a dataset holding fewer images than <c>--n</c> is refused instead of used whole with a warning.</summary>
    public bool Strict { get; init; }

    /// <summary>Opens <paramref name="path"/> with <paramref name="n"/> samples (default: <see cref="N"/>); image folders say on
    /// stderr how many files were read and skipped; fewer images than asked warn, or fail with --strict (<see cref="RequestedCount"/>).</summary>
    public IImageSource Open(string path, int? n = null) =>
        RequestedCount.Check(ImageSources.Open(path, n ?? N, Seed, Device, OutputRange, ImageSize, Recursive, Console.Error.WriteLine, Threads), n ?? N, Strict);

    /// <summary>Opens <paramref name="path"/> as a generator of <paramref name="n"/> samples, whatever its extension.</summary>
    public GeneratorSource OpenGenerator(string path, int n) => new(path, n, Seed, Device, OutputRange, Threads);

    /// <summary>The FID Inception model at <paramref name="path"/> (default models/fid-inception.onnx) on <see cref="Device"/>.</summary>
    public InceptionModel Inception(string? path) => new(ModelPaths.Resolve(path, ModelPaths.InceptionFile, "--inception"), Device, Threads);

    /// <summary>The LPIPS model at <paramref name="path"/> (default models/lpips-alex.onnx) on <see cref="Device"/>.</summary>
    public LpipsModel Lpips(string? path) => new(ModelPaths.Resolve(path, ModelPaths.LpipsFile, "--lpips"), Device, Threads);

    /// <summary>One pass of <paramref name="source"/> through <paramref name="model"/> in batches of <see cref="Batch"/>, with a progress bar.</summary>
    public ExtractionResult Extract(string label, IImageSource source, InceptionModel model, ProgressReporter progress,
        CancellationToken cancellation, bool wantLogits = false, StreamingNpyWriter? featuresOut = null)
    {
        progress.Plan($"{source.Count} images from {Label(label)} through {Label(model.Path)} on {Device}, {ThreadsText}, batch {Batch}");
        return progress.Track(Label(label), source.Count, "images",
            p => FeatureExtractor.Run(source, model, Batch, wantLogits, featuresOut, p, cancellation));
    }

    /// <summary>"N threads", or ONNX Runtime's default (one per core) for <c>--threads 0</c>.</summary>
    string ThreadsText => Threads > 0 ? $"{Threads} threads" : $"{Environment.ProcessorCount} threads (ONNX Runtime default; --threads N)";

    /// <summary>LPIPS diversity of <paramref name="source"/> with a progress bar (images read, then pairs scored).</summary>
    public LpipsDiversityResult Diversity(string label, IImageSource source, LpipsModel model, string mode, int? nPairs, int pairSeed,
        ProgressReporter progress, CancellationToken cancellation)
    {
        progress.Plan($"LPIPS over {source.Count} images from {Label(label)} ({mode} pairs) through {Label(model.Path)} on {Device}, {ThreadsText}");
        return progress.Track("LPIPS " + Label(label), LpipsDiversity.WorkItems(source.Count, nPairs), "items",
            p => LpipsDiversity.Compute(source, model, mode, nPairs, pairSeed, Batch, cancellation, p));
    }

    /// <summary>A short progress label: the file or folder name of a path.</summary>
    public static string Label(string path) => Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar)) is { Length: > 0 } file ? file : path;
}
