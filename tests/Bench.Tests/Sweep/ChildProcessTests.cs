using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class ChildProcessTests
{
    [Fact]
    public async Task TheLogFollowsTheChildWhileItRuns_ThenHoldsTheSections()
    {
        var log = Path.Combine(SharedFixtures.TempDir(), "train.log");
        var run = Task.Run(() => ChildProcess.Run("/bin/sh", ["-c", "echo step 20; echo warn >&2; sleep 2; echo done"], log, CancellationToken.None));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string live = "";
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            live = File.Exists(log) ? File.ReadAllText(log) : "";
            if (live.Contains("! warn") && live.Contains("step 20")) break;
            await Task.Delay(50);
        }
        Assert.False(run.IsCompleted, "the child should still be sleeping");
        Assert.StartsWith("$ /bin/sh -c", live);
        Assert.Contains("step 20", live);
        Assert.Contains("! warn", live);

        var outcome = await run;
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("done", outcome.LastLine);
        var final = File.ReadAllText(log);
        Assert.StartsWith("$ /bin/sh -c", final);
        Assert.Contains("--- stdout\nstep 20\ndone\n--- stderr\nwarn\n--- exit 0,", final);
    }
}
