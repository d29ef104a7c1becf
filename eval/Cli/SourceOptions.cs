using System.CommandLine;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Onnx;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The options of commands that read images from a SOURCE (dataset or generator .onnx): <c>--n</c>, <c>--batch</c>,
/// <c>--device</c>, <c>--threads</c>, <c>--seed</c> (the latent seed), <c>--output-range</c>, <c>--image-size</c>,
/// <c>--recursive</c>, <c>--strict</c>. A command may swap in its own <c>--n</c> or <c>--seed</c> (other description,
/// aliases), or drop <c>--n</c> (set it to null).
/// </summary>
internal sealed class SourceOptions
{
    public Option<int?>? N { get; init; } = EvalOptions.N();
    public Option<int?> Batch { get; init; } = EvalOptions.DeviceBatch();
    public Option<string> Device { get; init; } = EvalOptions.Device();
    public Option<int> Seed { get; init; } = EvalOptions.Seed();
    public Option<string?> OutputRange { get; init; } = EvalOptions.OutputRange();
    public Option<int> ImageSize { get; init; } = DatasetOptions.ImageSize();
    public Option<bool> Recursive { get; init; } = DatasetOptions.Recursive();
    public Option<int> Threads { get; init; } = EvalOptions.Threads();
    public Option<bool> Strict { get; init; } = new("--strict") { Description = "refuse a dataset holding fewer images than --n (default: warn and use all)" };

    public IEnumerable<Option> All => N is null ? [Batch, Device, Threads, Seed, OutputRange, ImageSize, Recursive, Strict] : [N, Batch, Device, Threads, Seed, OutputRange, ImageSize, Recursive, Strict];

    /// <summary>How the sources are read; checks the device (one line if this build cannot use it), threads, output range and image size.</summary>
    public SourceReading Reading(ParseResult p)
    {
        var device = p.GetValue(Device)!;
        OrtSessions.CheckDevice(device);
        return new SourceReading(p.GetValue(Batch) ?? Shared.Metrics.EvaluationDefaults.BatchOn(device), device, EvalOptions.CheckThreads(p.GetValue(Threads)), EvalOptions.ParseOutputRange(p.GetValue(OutputRange)),
            DatasetOptions.CheckImageSize(p.GetValue(ImageSize)), p.GetValue(Recursive), p.GetValue(Strict));
    }

    /// <summary>The latent seed given.</summary>
    public int LatentSeed(ParseResult p) => p.GetValue(Seed);
}
