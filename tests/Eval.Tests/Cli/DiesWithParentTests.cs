using System.Diagnostics;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>
/// A child started with MMAGAN_PARENT_PID (as mmagan-bench starts mmagan-train and mmagan-eval) dies when
/// its parent is killed with SIGKILL (shared/Cli/ParentLink: PR_SET_PDEATHSIG). The parent here is a shell that gets
/// kill -9 while its mmagan-eval child scores a long generator run.
/// </summary>
public class DiesWithParentTests
{
    [Fact]
    public void ChildDiesWhenItsParentIsKilled()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = SharedFixtures.TempDir();
        var g = TestModels.TinyGenerator(dir);
        var model = TestModels.TinyInception(dir);
        var dll = Path.Combine(AppContext.BaseDirectory, "mmagan-eval.dll");
        var script = $"export MMAGAN_PARENT_PID=$$; dotnet '{dll}' stats '{g}' --n 50000000 --inception '{model}' --out '{dir}/s.npz' & echo $! ; wait";
        var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var parent = Process.Start(psi)!;
        var childPid = int.Parse(parent.StandardOutput.ReadLine()!);
        try
        {
            // Wait until the child is scoring (it has armed the link by then), then kill the parent outright.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 60 && !Directory.EnumerateFiles(dir, ".s.npz*").Any() && CpuTicks(childPid) < 100) Thread.Sleep(200);
            Assert.True(Directory.Exists($"/proc/{childPid}"), "the child ended early");
            Process.Start("kill", ["-9", parent.Id.ToString()])!.WaitForExit();
            parent.WaitForExit();
            var dead = SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{childPid}") || IsZombie(childPid), TimeSpan.FromSeconds(15));
            Assert.True(dead, "mmagan-eval kept running after its parent was killed");
        }
        finally
        {
            try { Process.GetProcessById(childPid).Kill(); } catch (Exception) { }
            Directory.Delete(dir, true);
        }
    }

    static long CpuTicks(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[11]) + long.Parse(fields[12]);   // utime + stime
        }
        catch (Exception) { return long.MaxValue; }
    }

    static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart().StartsWith('Z'); }
        catch (Exception) { return true; }
    }
}
