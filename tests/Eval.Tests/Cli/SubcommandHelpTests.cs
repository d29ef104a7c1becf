using Xunit;

namespace MmaGan.Eval.Tests.Cli;

public class SubcommandHelpTests
{
    [Fact]
    public void StatsMergeHelp_ShowsTheCommandAsItIsTyped()
    {
        var r = EvalCli.Run("stats", "merge", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("mmagan-eval stats merge <SHARDS>... [options]", r.Stdout);
        Assert.DoesNotContain("SOURCE", r.Stdout);
        Assert.Contains("--out", r.Stdout);
    }
}
