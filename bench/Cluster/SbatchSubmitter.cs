using System.Diagnostics;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Cluster;

/// <summary>Submits batch scripts with the <c>sbatch</c> found on PATH (<c>--parsable</c>, so its stdout is the job id).</summary>
public sealed class SbatchSubmitter
{
    readonly string _sbatch;

    SbatchSubmitter(string sbatch) => _sbatch = sbatch;

    /// <summary>The submitter for the first executable <c>sbatch</c> on <paramref name="path"/> (default: $PATH); a one-line
    /// <see cref="InputException"/> when there is none.</summary>
    public static SbatchSubmitter Find(string? path = null)
    {
        foreach (var dir in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "sbatch");
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return new SbatchSubmitter(candidate);
        }
        throw new InputException("--submit: no sbatch on PATH (run on a Slurm login node, or drop --submit and submit DIR/slurm/*.sbatch by hand)");
    }

    /// <summary>Submits <paramref name="script"/>; returns its job id. <paramref name="afterOk"/>: run only after that job succeeded.</summary>
    public string Submit(string script, string? afterOk = null)
    {
        var psi = new ProcessStartInfo(_sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        if (afterOk is not null) psi.ArgumentList.Add($"--dependency=afterok:{afterOk}");
        psi.ArgumentList.Add(script);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var error = stderr.Result.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        // --parsable prints "JOBID" or "JOBID;CLUSTER".
        var id = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0)?.Split(';')[0];
        if (process.ExitCode != 0 || id is null || !id.All(char.IsAsciiDigit))
            throw new InputException($"sbatch rejected {Path.GetFileName(script)} (exit {process.ExitCode}): {error ?? stdout.Trim()}");
        return id;
    }
}
