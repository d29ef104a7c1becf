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
    public void PathErrorsAreExit2AndOtherIoErrorsExit1WithoutTypeNames()
    {
        var (code, err) = Capture(() => throw new UnauthorizedAccessException("Access to the path '/x/y' is denied."));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal("error: Access to the path '/x/y' is denied.", err.Trim());
        (code, err) = Capture(() => File.ReadAllBytes("/nonexistent-i12/x").Length);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.DoesNotContain("Exception", err);
        Assert.Contains("/nonexistent-i12/x", err);
        (code, err) = Capture(() => throw new IOException("No space left on device : '/x'"));
        Assert.Equal(CliRunner.Error, code);
        Assert.Equal("error: No space left on device : '/x'", err.Trim());
    }
}
