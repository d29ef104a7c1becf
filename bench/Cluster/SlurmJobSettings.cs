using System.Text.RegularExpressions;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Cluster;

/// <summary>
/// The resources each array task asks Slurm for (<c>#SBATCH</c> lines; null = the cluster's default) and how many tasks the
/// array has. <see cref="Check"/> validates the flags with one-line errors naming the flag.
/// </summary>
public sealed partial record SlurmJobSettings
{
    public int ArraySize { get; init; } = 1;
    public string? Partition { get; init; }
    public string? Account { get; init; }
    /// <summary>Wall-clock limit per task: HH:MM:SS (hours may exceed 24) or D-HH:MM:SS.</summary>
    public string? Time { get; init; }
    public int? CpusPerTask { get; init; }
    /// <summary>GPUs per task; 0 asks for none.</summary>
    public int? GpusPerTask { get; init; }
    /// <summary>Memory per task as Slurm writes it: a number with an optional K, M, G or T suffix (default MB).</summary>
    public string? Mem { get; init; }

    /// <summary>Runs per array task in parallel (<c>mmagan-bench run --jobs</c>): one with GPUs (every run's <c>--device cuda</c>
    /// is the task's first GPU), else one per CPU (the toys' single-threaded runs).</summary>
    public int JobsPerTask => GpusPerTask is > 0 ? 1 : Math.Max(1, CpusPerTask ?? 1);

    public void Check()
    {
        if (ArraySize < 1) throw new InputException($"--array-size must be at least 1, got {ArraySize}");
        if (Time is { } t && !TimePattern().IsMatch(t)) throw new InputException($"--time '{t}': expected HH:MM:SS or D-HH:MM:SS (e.g. 12:00:00)");
        if (CpusPerTask is < 1) throw new InputException($"--cpus-per-task must be at least 1, got {CpusPerTask}");
        if (GpusPerTask is < 0) throw new InputException($"--gpus-per-task must be 0 or more, got {GpusPerTask}");
        if (Mem is { } m && !MemPattern().IsMatch(m)) throw new InputException($"--mem '{m}': expected a size such as 4G, 16000M or 8000");
        if (Partition is { } p && !NamePattern().IsMatch(p)) throw new InputException($"--partition '{p}': expected a Slurm partition name (letters, digits, '-', '_', '.', ',')");
        if (Account is { } a && !NamePattern().IsMatch(a)) throw new InputException($"--account '{a}': expected a Slurm account name (letters, digits, '-', '_', '.')");
    }

    [GeneratedRegex(@"^(\d+-)?\d+:[0-5]\d:[0-5]\d$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d+[KMGTkmgt]?$")]
    private static partial Regex MemPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex NamePattern();
}
