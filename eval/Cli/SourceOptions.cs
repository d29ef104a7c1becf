using System.CommandLine;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The options of commands that read images from a SOURCE (dataset or generator .onnx): <c>--n</c>, <c>--batch</c>,
/// <c>--device</c>, <c>--seed</c>, <c>--output-range</c>. A command may swap in its own <c>--n</c> or <c>--seed</c>
/// (other description or default), or drop <c>--n</c> (set it to null).
/// </summary>
internal sealed class SourceOptions
{
    public Option<int?>? N { get; init; } = EvalOptions.N();
    public Option<int> Batch { get; init; } = EvalOptions.Batch();
    public Option<string> Device { get; init; } = EvalOptions.Device();
    public Option<int> Seed { get; init; } = EvalOptions.Seed();
    public Option<string?> OutputRange { get; init; } = EvalOptions.OutputRange();
    public Option<bool> Strict { get; init; } = new("--strict") { Description = "refuse a dataset holding fewer images than --n (default: warn and use all)" };

    public IEnumerable<Option> All => N is null ? [Batch, Device, Seed, OutputRange, Strict] : [N, Batch, Device, Seed, OutputRange, Strict];

    /// <summary>The values given; checks the device (one-line error if this build cannot use it) and the output range.</summary>
    public SourceSettings Read(ParseResult p)
    {
        var device = p.GetValue(Device)!;
        OrtSessions.CheckDevice(device);
        return new SourceSettings(N is null ? null : p.GetValue(N), p.GetValue(Batch), device, p.GetValue(Seed),
            EvalOptions.ParseOutputRange(p.GetValue(OutputRange))) { Strict = p.GetValue(Strict) };
    }
}

/// <summary>Values of <see cref="SourceOptions"/> for one invocation, and what commands do with them.</summary>
internal sealed record SourceSettings(int? N, int Batch, string Device, int Seed, (float, float)? OutputRange)
{
    /// <summary>With <c>--strict</c>: a dataset holding fewer images than <c>--n</c> is refused instead of used whole with a warning.</summary>
    public bool Strict { get; init; }

    /// <summary>Opens <paramref name="path"/> with <paramref name="n"/> samples (default: <see cref="N"/>); checks the count (<see cref="RequestedCount"/>).</summary>
    public IImageSource Open(string path, int? n = null) => RequestedCount.Check(ImageSources.Open(path, n ?? N, Seed, Device, OutputRange), n ?? N, Strict);

    /// <summary>Opens <paramref name="path"/> as a generator of <paramref name="n"/> samples, whatever its extension.</summary>
    public GeneratorSource OpenGenerator(string path, int n) => new(path, n, Seed, Device, OutputRange);

    /// <summary>The FID Inception model at <paramref name="path"/> (default models/fid-inception.onnx) on <see cref="Device"/>.</summary>
    public InceptionModel Inception(string? path) => new(ModelPaths.Resolve(path, ModelPaths.InceptionFile, "--inception"), Device);

    /// <summary>The LPIPS model at <paramref name="path"/> (default models/lpips-alex.onnx) on <see cref="Device"/>.</summary>
    public LpipsModel Lpips(string? path) => new(ModelPaths.Resolve(path, ModelPaths.LpipsFile, "--lpips"), Device);

    /// <summary>One pass of <paramref name="source"/> through <paramref name="model"/> in batches of <see cref="Batch"/>, with a progress bar.</summary>
    public ExtractionResult Extract(string label, IImageSource source, InceptionModel model, ProgressReporter progress,
        CancellationToken cancellation, bool wantLogits = false, StreamingNpyWriter? featuresOut = null) =>
        progress.Track(Label(label), source.Count, "images",
            p => FeatureExtractor.Run(source, model, Batch, wantLogits, featuresOut, p, cancellation));

    /// <summary>LPIPS diversity of <paramref name="source"/> with a progress bar (images read, then pairs scored).</summary>
    public LpipsDiversityResult Diversity(string label, IImageSource source, LpipsModel model, string mode, int? nPairs, int pairSeed,
        ProgressReporter progress, CancellationToken cancellation) =>
        progress.Track("LPIPS " + Label(label), LpipsDiversity.WorkItems(source.Count, nPairs), "items",
            p => LpipsDiversity.Compute(source, model, mode, nPairs, pairSeed, Batch, cancellation, p));

    /// <summary>A short progress label: the file or folder name of a path.</summary>
    public static string Label(string path) => Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar)) is { Length: > 0 } file ? file : path;
}
