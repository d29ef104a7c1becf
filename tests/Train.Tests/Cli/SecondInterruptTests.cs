using System.Diagnostics;
using System.Runtime.InteropServices;
using MmaGan.Shared.Runs;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary>
/// A second Ctrl-C used to crash the trainer (SIGSEGV, exit 139, during start-up; a libtorch
/// "Invalid (backend, op) pair" exception and no checkpoint during a slow image step). Now it ends the process at once, says
/// which checkpoint is kept, and exits 128 + the number of the signal that ended it (130 for Ctrl-C, 143 for SIGTERM;
/// SIGTERM exited 130 before); the checkpoint resumes. The signals are sent as a shell's job control does (SIGINT to the
/// trainer's process).
/// </summary>
public class SecondInterruptTests
{
    const int SigInt = 2, SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mmagan-train.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    static (int Code, string Stderr) Finish(Process p)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); Assert.Fail("the trainer did not stop after two Ctrl-Cs"); }
        return (p.ExitCode, stderr.Result);
    }

    [SharedFact]
    public void CtrlCThenSigtermDuringAnImageStepExitAtOnceAndKeepTheLastCheckpoint()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        string[] run = ["--method", "dcgan", "--data", "cifar10:" + SharedFixtures.Path_("data", "cifar10", "data_batch_1.bin"), "--out", dir,
            "--batch", "64", "--base-width", "16", "--conv-backend", "gemm", "--checkpoint-every", "1", "--sample-every", "100000", "--no-export", "--threads", "1"];
        using var p = Start([.. run, "--steps", "100000"]);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (CheckpointFiles.Steps(dir).Count == 0 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "the trainer ended before its first checkpoint");
        // Ctrl-C, then a second stop signal during the step the first lets finish. The second is SIGTERM (scancel's signal, handled
        // as Ctrl-C is) so that the kernel cannot merge it with the first, whatever the machine's load.
        Assert.Equal(0, kill(p.Id, SigInt));
        Assert.Equal(0, kill(p.Id, SigTerm));
        var (code, stderr) = Finish(p);

        // 128 + the signal that ended it: SIGTERM's 143 as a rule, but .NET runs signal handlers on the thread pool, so two
        // signals sent back to back may be handled in either order (then the SIGINT ends it: 130).
        Assert.True(code is 143 or 130, $"exit {code}");
        Assert.DoesNotContain("Exception", stderr);
        var aborted = Assert.Single(stderr.Split('\n'), l => l.StartsWith("aborted"));
        Assert.Contains("the last complete checkpoint is kept", aborted);
        var kept = CheckpointFiles.Steps(dir)[^1];
        Assert.Contains(CheckpointFiles.PathOf(dir, kept), aborted);
        // The kept checkpoint is whole: the run resumes from it.
        using var resume = Start([.. run, "--steps", (kept + 1).ToString(), "--resume"]);
        var (resumed, err) = Finish(resume);
        Assert.True(resumed == 0, err);
    }

    [Fact]
    public void TwoCtrlCsDuringStartUpExit130()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        using var p = Start("--data", "grid25", "--out", dir, "--steps", "100000", "--no-export");
        Thread.Sleep(300);
        kill(p.Id, SigInt);
        Thread.Sleep(100);
        kill(p.Id, SigInt);
        var (code, stderr) = Finish(p);
        Assert.Equal(130, code);
        Assert.DoesNotContain("Exception", stderr);
    }
    /// <summary>One SIGTERM (kill's and a scheduler's stop): the step finishes, a checkpoint is written, exit 143 — and the
    /// finished process leaves no lock files in the run folder.</summary>
    [Fact]
    public void SigtermStopsCleanlyWithExit143()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        using var p = Start("--data", "grid25", "--out", dir, "--steps", "10000000", "--checkpoint-every", "100", "--no-export");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (CheckpointFiles.Steps(dir).Count == 0 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "the trainer ended before its first checkpoint");
        Assert.Equal(0, kill(p.Id, SigTerm));
        var (code, stderr) = Finish(p);
        Assert.True(code == 143, stderr);
        Assert.Contains("stopping after this step", stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(dir), f => Path.GetFileName(f).StartsWith(".lock", StringComparison.Ordinal));
    }
}
