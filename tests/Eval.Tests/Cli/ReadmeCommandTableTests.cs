using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>The README's command table lists every command of mmagan-eval with the description its --help shows, and nothing else.</summary>
public class ReadmeCommandTableTests
{
    [Fact]
    public void TheReadmeTableAndHelpAgree() =>
        Assert.Equal(ReadmeCommands.OfProgram("mmagan-eval", global::MmaGan.Eval.Program.BuildRoot()).OrderBy(kv => kv.Key), ReadmeCommands.Rows("mmagan-eval").OrderBy(kv => kv.Key));
}
