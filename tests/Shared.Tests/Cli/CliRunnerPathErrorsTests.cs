using MmaGan.Shared.Cli;
using Xunit;

namespace MmaGan.Shared.Tests.Cli;

/// <summary>Path errors that slip past the commands' checks still give one line without a .NET type name.</summary>
[Collection("Console")]
public class CliRunnerPathErrorsTests
{
    static (int Code, string Stderr) Capture(Func<int> run)
    {
        var old = Console.Error;
        var e = new StringWriter();
        Console.SetError(e);
        try { return (CliRunner.Run(run), e.ToString()); }
        finally { Console.SetError(old); }
    }

    [Fact]
    public void PathErrorsAreExit2AndDeviceErrorsExit1WithoutTypeNames()
    {
        var (code, err) = Capture(() => throw new UnauthorizedAccessException("Access to the path '/x/y' is denied."));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: Access to the path '/x/y' is denied.", err.Trim());
        (code, err) = Capture(() => File.ReadAllBytes("/nonexistent-i12/x").Length);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.DoesNotContain("Exception", err);
        Assert.Contains("/nonexistent-i12/x", err);
        (code, err) = Capture(() => throw new IOException("Input/output error : '/x'"));
        Assert.Equal(CliRunner.Error, code);
        Assert.Equal("error: Input/output error : '/x'", err.Trim());
    }

    [Fact]
    public void AFullDiskIsExit2NamingTheTargetNotItsTemporaryFile()
    {
        var (code, err) = Capture(() => throw new IOException("No space left on device : '/d/.x.npy.tmp-123-host-0123456789abcdef0123456789abcdef'", 28));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: /d/x.npy: no space left on device (the partial file was removed)", err.Trim());
        (code, err) = Capture(() => throw new IOException("Disk quota exceeded : '/d/r.csv'"));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: /d/r.csv: disk quota exceeded (the partial file was removed)", err.Trim());
    }

    /// <summary>Parallel work's AggregateException is judged by its cause; an overflow is one line, exit 2;
    /// control bytes in a message are named, not printed.</summary>
    [Fact]
    public void WrappedCausesOverflowsAndControlBytesGiveOneCleanLine()
    {
        var (code, err) = Capture(() => throw new AggregateException(new OperationCanceledException(), new MmaGan.Shared.IO.InputException("/d/x.png: not a readable PNG")));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: /d/x.png: not a readable PNG", err.Trim());
        (code, err) = Capture(() => Parallel.For(0, 4, i => { if (i == 2) throw new IOException("No space left on device : '/d/.0002.png.tmp-1-h-0123456789abcdef0123456789abcdef'"); }) is var _ ? 0 : 0);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: /d/0002.png: no space left on device (the partial file was removed)", err.Trim());
        (code, err) = Capture(() => checked(int.MaxValue + Environment.ProcessorCount));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith("error: the sizes asked for are too large", err.Trim());
        Assert.DoesNotContain("Exception", err);
        Assert.Equal("image ([32 control bytes]) x", CliRunner.OneLine("image (" + new string('\0', 32) + ") x"));
    }
}
