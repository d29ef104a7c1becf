using System.Text;

namespace MmaGan.Bench.Cluster;

/// <summary>
/// The two batch scripts of a sweep on Slurm. <c>sweep.sbatch</c> is a job array <c>--array=0-(N−1)</c> whose task i runs
/// <c>mmagan-bench run CONFIG --out DIR/shards/i --shard i/N</c> (finished runs are skipped, so resubmitting re-runs only the
/// unfinished ones; with <c>--methods</c> only those methods' runs are sharded, and the other methods can follow into DIR
/// later); <c>merge.sbatch</c> runs <c>mmagan-bench merge DIR/shards/0 … --out DIR</c> (results.csv, summary, plots,
/// report); it asks for the tasks' partition, account and time limit but no GPU. Paths are absolute (the cluster's nodes share the filesystem); task logs go to DIR/slurm/logs.
/// </summary>
public static class SbatchScripts
{
    public const string SweepFile = "sweep.sbatch", MergeFile = "merge.sbatch";

    /// <param name="bench">The mmagan-bench launcher (absolute path).</param>
    /// <param name="config">The experiment config (absolute path).</param>
    /// <param name="outDir">The results folder DIR (absolute path).</param>
    /// <param name="methods">Only these methods of the config (<c>mmagan-bench run --methods</c>; canonical names), or all.</param>
    public static string Sweep(string bench, string config, string outDir, string name, SlurmJobSettings s, IReadOnlyList<string>? methods = null, string? dSizes = null)
    {
        var n = s.ArraySize;
        var text = Header($"{name}: task i of {n} runs shard i/{n} of the sweep into {outDir}/shards/i. Resubmit after failures:\n" +
                          "# finished runs are skipped.", $"mmagan-{name}", Path.Combine(outDir, "slurm", "logs", "sweep-%A_%a.out"));
        text.AppendLine($"#SBATCH --array=0-{n - 1}");
        text.AppendLine("#SBATCH --ntasks=1");
        if (s.Partition is { } p) text.AppendLine($"#SBATCH --partition={p}");
        if (s.Account is { } a) text.AppendLine($"#SBATCH --account={a}");
        if (s.Time is { } t) text.AppendLine($"#SBATCH --time={t}");
        if (s.CpusPerTask is { } c) text.AppendLine($"#SBATCH --cpus-per-task={c}");
        if (s.GpusPerTask is > 0 and var g) text.AppendLine($"#SBATCH --gpus-per-task={g}");
        if (s.Mem is { } m) text.AppendLine($"#SBATCH --mem={m}");
        text.AppendLine("set -euo pipefail");
        text.AppendLine("i=$SLURM_ARRAY_TASK_ID");
        var only = (methods is { Count: > 0 } ? " --methods " + Q(string.Join(',', methods)) : "") + (dSizes is { } d ? " --d-sizes " + Q(d) : "");
        text.AppendLine($"exec {Q(bench)} run {Q(config)} --out {Q(Path.Combine(outDir, "shards"))}/\"$i\" --shard \"$i/{n}\" --jobs {s.JobsPerTask}{only}");
        return text.ToString();
    }

    /// <param name="shards">Shard folders to join, DIR/shards/0 … (shards − 1): at least the array's tasks; more when an earlier
    /// submission into DIR (e.g. of other methods) used a larger array.</param>
    public static string Merge(string bench, string outDir, string name, SlurmJobSettings s, int? shards = null)
    {
        var count = Math.Max(s.ArraySize, shards ?? 0);
        var text = Header($"{name}: joins the {count} shards of sweep.sbatch into {outDir} (submit with --dependency=afterok:ARRAY_JOB).",
            $"mmagan-{name}-merge", Path.Combine(outDir, "slurm", "logs", "merge-%j.out"));
        text.AppendLine("#SBATCH --ntasks=1");
        if (s.Partition is { } p) text.AppendLine($"#SBATCH --partition={p}");
        if (s.Account is { } a) text.AppendLine($"#SBATCH --account={a}");
        if (s.Time is { } t) text.AppendLine($"#SBATCH --time={t}");
        text.AppendLine("set -euo pipefail");
        var folders = string.Join(' ', Enumerable.Range(0, count).Select(i => Q(Path.Combine(outDir, "shards", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        text.AppendLine($"exec {Q(bench)} merge {folders} --out {Q(outDir)}");
        return text.ToString();
    }

    static StringBuilder Header(string comment, string jobName, string output)
    {
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine("# Written by `mmagan-bench slurm` — " + comment);
        text.AppendLine($"#SBATCH --job-name={jobName}");
        text.AppendLine($"#SBATCH --output=\"{output}\"");
        return text;
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Q(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
