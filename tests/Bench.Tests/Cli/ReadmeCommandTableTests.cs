using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Cli;

/// <summary>The README's command table lists every command of mmagan-bench with the description its --help shows, and nothing else.</summary>
public class ReadmeCommandTableTests
{
    [Fact]
    public void TheReadmeTableAndHelpAgree() =>
        Assert.Equal(ReadmeCommands.OfProgram("mmagan-bench", global::MmaGan.Bench.Program.BuildRoot()).OrderBy(kv => kv.Key), ReadmeCommands.Rows("mmagan-bench").OrderBy(kv => kv.Key));
}
