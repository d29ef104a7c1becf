using System.Diagnostics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using Xunit;

namespace MmaGan.Shared.Tests.Cli;

/// <summary>Tests that redirect the process-wide Console or raise signals run one at a time.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("Console")]
public class CliRunnerTests
{
    static (int Code, string Stdout, string Stderr) Capture(Func<int> run)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return (run(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Fact]
    public void BodyExitCodePassesThrough()
    {
        Assert.Equal(0, Capture(() => CliRunner.Run(() => CliRunner.Ok)).Code);
        Assert.Equal(7, Capture(() => CliRunner.Run(_ => 7)).Code);
    }

    [Fact]
    public void InputExceptionIsExit2WithOneErrorLine()
    {
        var (code, stdout, stderr) = Capture(() => CliRunner.Run(() => throw InputException.ForFile("/x/a.npz", "bad\nthing")));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains("/x/a.npz", line);
        Assert.Contains("bad thing", line);
    }

    [Fact]
    public void OtherExceptionIsExit1WithTypeAndOneLine()
    {
        var (code, _, stderr) = Capture(() => CliRunner.Run(_ => throw new InvalidOperationException("broken\r\nstate")));
        Assert.Equal(CliRunner.Error, code);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: InvalidOperationException: broken state", line);
        Assert.Contains(CliRunner.DebugVariable, line);
    }

    [Fact]
    public void CancellationIsExit130()
    {
        var (code, _, stderr) = Capture(() => CliRunner.Run(ct => throw new OperationCanceledException(ct)));
        Assert.Equal(CliRunner.Interrupted, code);
        Assert.Equal("interrupted", stderr.Trim());
    }

    [Fact]
    public void DebugVariableLetsUnexpectedExceptionsThrough()
    {
        var old = Environment.GetEnvironmentVariable(CliRunner.DebugVariable);
        Environment.SetEnvironmentVariable(CliRunner.DebugVariable, "1");
        try
        {
            Assert.Throws<InvalidOperationException>(() => Capture(() => CliRunner.Run(() => throw new InvalidOperationException("x"))));
            // Bad input stays a one-line exit 2 even when debugging.
            Assert.Equal(CliRunner.BadInput, Capture(() => CliRunner.Run(() => throw new InputException("y"))).Code);
        }
        finally { Environment.SetEnvironmentVariable(CliRunner.DebugVariable, old); }
    }

    [Fact]
    public void JsonIsOneLine()
    {
        var (_, stdout, _) = Capture(() =>
        {
            CliRunner.PrintJson(new Dictionary<string, object?> { ["fid"] = 1.5, ["out"] = "a\nb" });
            CliRunner.PrintJson(new { n = 3 });
            return 0;
        });
        Assert.Equal(["{\"fid\":1.5,\"out\":\"a\\nb\"}", "{\"n\":3}"], stdout.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void SigtermCancelsTheTokenInsteadOfKillingTheProcess_AndExits143()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var (code, _, stderr) = Capture(() => CliRunner.Run(ct =>
        {
            using (var kill = Process.Start("kill", ["-TERM", Environment.ProcessId.ToString()])) kill.WaitForExit();
            Assert.True(ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "SIGTERM did not cancel the token");
            ct.ThrowIfCancellationRequested();
            return CliRunner.Ok;
        }));
        Assert.Equal(CliRunner.Terminated, code);   // 143 = 128 + SIGTERM (it was 130, Ctrl-C's)
        Assert.Equal("interrupted", stderr.Trim());
    }

    [Fact]
    public void SigintExits130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var (code, _, _) = Capture(() => CliRunner.Run(ct =>
        {
            using (var kill = Process.Start("kill", ["-INT", Environment.ProcessId.ToString()])) kill.WaitForExit();
            Assert.True(ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "SIGINT did not cancel the token");
            ct.ThrowIfCancellationRequested();
            return CliRunner.Ok;
        }));
        Assert.Equal(CliRunner.Interrupted, code);
    }

    [Fact]
    public void CancelOnSignalsPrintsItsMessageOnce()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var (_, _, stderr) = Capture(() =>
        {
            using var cts = CliRunner.CancelOnSignals("stopping soon");
            using (var kill = Process.Start("kill", ["-INT", Environment.ProcessId.ToString()])) kill.WaitForExit();
            Assert.True(cts.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "SIGINT did not cancel the token");
            return 0;
        });
        Assert.Equal("stopping soon", stderr.Trim());
    }
}
