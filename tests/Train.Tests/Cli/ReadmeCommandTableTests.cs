using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary>The README's command table lists every command of mmagan-train with the description its --help shows, and nothing else.</summary>
public class ReadmeCommandTableTests
{
    [Fact]
    public void TheReadmeTableAndHelpAgree() =>
        Assert.Equal(ReadmeCommands.OfProgram("mmagan-train", global::MmaGan.Train.Program.BuildRoot()).OrderBy(kv => kv.Key), ReadmeCommands.Rows("mmagan-train").OrderBy(kv => kv.Key));
}
