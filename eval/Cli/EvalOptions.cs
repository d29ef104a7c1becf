using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Cli;

/// <summary>Options several commands share (one definition each, so names, descriptions and defaults agree).</summary>
internal static class EvalOptions
{
    public const int DefaultBatch = EvaluationDefaults.Batch;

    public static Option<string?> Inception() => new("--inception") { Description = "FID Inception ONNX (default: models/fid-inception.onnx)" };
    public static Option<string?> Lpips() => new("--lpips") { Description = "LPIPS ONNX (default: models/lpips-alex.onnx)" };
    public static Option<int?> N() => new("--n") { Description = $"samples from a generator (default {EvaluationDefaults.GeneratorSamples}) / first N images of a dataset (default all)" };
    /// <summary><c>--batch</c>, also spelt as torch-fidelity does (<c>--batch-size</c>).</summary>
    public static Option<int> Batch(int defaultValue = DefaultBatch, string description = "batch size") =>
        new("--batch", "--batch-size") { Description = description, DefaultValueFactory = _ => defaultValue };
    public static Option<string> Device() => new("--device") { Description = "cpu, cuda or cuda:N (CUDA needs the GPU build: make build GPU=1)", DefaultValueFactory = _ => "cpu" };
    /// <summary><c>--batch</c> (<c>--batch-size</c>) whose default depends on <c>--device</c> (<see cref="EvaluationDefaults.BatchOn"/>).</summary>
    public static Option<int?> DeviceBatch() =>
        new("--batch", "--batch-size") { Description = $"batch size (default {EvaluationDefaults.Batch} on cpu, {EvaluationDefaults.CudaBatch} on cuda)" };
    public static Option<int> Threads() => new("--threads") { Description = "ONNX Runtime intra-op threads (0 = all cores)", DefaultValueFactory = _ => 0 };
    /// <summary>The latent seed (<c>--seed</c>, torch-fidelity's <c>--rng-seed</c> is not it: that seeds subsets and shuffles).</summary>
    public static Option<int> Seed(string description = "latent seed: a generator's samples z ~ N(0, I)", params string[] aliases) =>
        new("--seed", aliases) { Description = description, DefaultValueFactory = _ => EvaluationDefaults.LatentSeed };
    public static Option<string?> OutputRange() => new("--output-range") { Description = "generator output range LOW,HIGH (default: model metadata, else -1,1)" };
    public static Option<bool> Json() => new("--json") { Description = "print one JSON object as the last line of stdout" };

    /// <summary>Checks a <c>--threads</c> value (0 = all cores): more threads than cores only thrash.</summary>
    public static int CheckThreads(int threads) =>
        threads < 0 ? throw new InputException($"--threads {threads}: must be 0 (all cores) or a positive count")
        : threads > Environment.ProcessorCount ? throw new InputException($"--threads {threads}: more than the {Environment.ProcessorCount} cores this process may use (0 = all of them)")
        : threads;

    /// <summary>Adds <paramref name="options"/> to <paramref name="command"/> in order.</summary>
    public static void AddOptions(this Command command, params IEnumerable<Option> options)
    {
        foreach (var o in options) command.Options.Add(o);
    }

    /// <summary>Parses an <c>--output-range</c> "LOW,HIGH" (e.g. "-1,1" or "[0,1]"); null for none.</summary>
    public static (float, float)? ParseOutputRange(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Shared.Onnx.OutputRangeParser.TryParse(text, out var range) && float.IsFinite(range.Low)) return range;
        throw new InputException($"--output-range '{text}': expected LOW,HIGH with LOW < HIGH");
    }
}
