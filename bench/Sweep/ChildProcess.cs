using System.Diagnostics;
using System.Text;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>The outcome of a child process: exit code, wall-clock seconds, and its captured output.</summary>
public sealed record ProcessOutcome(int ExitCode, double Seconds, string Stdout, string Stderr)
{
    /// <summary>The last non-empty stdout line (where --json commands print their one JSON object).</summary>
    public string LastLine => Stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";

    /// <summary>The last non-empty stderr line (the one-line error of the project's CLIs).</summary>
    public string ErrorLine => Stderr.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? $"exit code {ExitCode}";
}

/// <summary>
/// Runs a launcher as a separate process, logging its output to a file; kills the process tree on cancellation. While the
/// child runs, the log holds the command and the output lines as they arrive (stderr's marked "! "), so
/// <c>tail -F runs/RUN/train.log</c> follows a sweep's run; when it ends, the log is replaced, atomically, by the command,
/// stdout, stderr and the exit code in sections.
/// </summary>
public static class ChildProcess
{
    public static ProcessOutcome Run(string exe, IReadOnlyList<string> args, string logPath, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["TERM"] = "dumb";
        Shared.Cli.ParentLink.Link(psi);   // the child dies with this process, even on kill -9 (this thread waits for it below)
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = $"$ {exe} {string.Join(' ', args)}";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var live = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        live.WriteLine(command);
        void Live(string line) { lock (live) { try { live.WriteLine(line); } catch (ObjectDisposedException) { } } }
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) stdout.AppendLine(e.Data); Live(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) stderr.AppendLine(e.Data); Live("! " + e.Data); } };
        try { process.Start(); }
        catch { lock (live) live.Dispose(); throw; }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            process.WaitForExit();
        clock.Stop();
        string o, e;
        lock (stdout) o = stdout.ToString();
        lock (stderr) e = stderr.ToString();
        lock (live) live.Dispose();
        AtomicFile.WriteAllText(logPath, $"{command}\n--- stdout\n{o}--- stderr\n{e}--- exit {process.ExitCode}, {clock.Elapsed.TotalSeconds:F2} s\n");
        cancel.ThrowIfCancellationRequested();
        return new ProcessOutcome(process.ExitCode, clock.Elapsed.TotalSeconds, o, e);
    }
}
