using System.Text.Json;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary><c>--out RUN --resume</c> continues RUN with the settings of its config.json — nothing retyped, no default of
/// today's in place of the run's (its 4-step budget stays 4 steps); a flag that changes the experiment is refused, an
/// explicit <c>--steps</c> extends the budget; flags the method does not use warn in one line.</summary>
public class TrainCommandResumeTests
{
    static (int Code, string Err) Invoke(params string[] args) => TrainCommandGuardsTests.Invoke(args);

    static JsonElement Saved(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void ResumeNeedsOnlyOut_AndKeepsTheRunsSettings()
    {
        var dir = SharedFixtures.TempDir();
        var first = Invoke("--method", "dcgan", "--data", "ring8", "--out", dir, "--steps", "4", "--checkpoint-every", "2", "--seed", "7",
            "--batch", "32", "--no-export", "--threads", "1");
        Assert.True(first.Code == 0, first.Err);

        // Only --out: the run's 4 steps, seed, batch and method, not today's defaults (epochs, seed 42, mma).
        var again = Invoke("--out", dir, "--resume");
        Assert.True(again.Code == 0, again.Err);
        var c = Saved(dir).GetProperty("config");
        Assert.Equal(("dcgan", 4, 7, 32), (c.GetProperty("method").GetString(), c.GetProperty("steps").GetInt32(), c.GetProperty("seed").GetInt32(), c.GetProperty("batch").GetInt32()));

        // An explicit --steps extends the budget; the other settings stay.
        Assert.Equal(0, Invoke("--out", dir, "--resume", "--steps", "6").Code);
        c = Saved(dir).GetProperty("config");
        Assert.Equal((6, 7), (c.GetProperty("steps").GetInt32(), c.GetProperty("seed").GetInt32()));
        Assert.Equal(6, Saved(dir).GetProperty("total_steps").GetInt32());

        // A setting that changes the experiment is refused, naming it.
        var changed = Invoke("--out", dir, "--resume", "--seed", "8");
        Assert.Equal(2, changed.Code);
        Assert.Contains("seed (7 → 8)", Assert.Single(changed.Err.Trim().Split('\n')));
        Directory.Delete(dir, true);
    }

    /// <summary>A resume that gives <c>--data</c> is a whole command line, as the sweep runner resumes: a setting of the run it
    /// leaves out is its default, so it differs from the run's and is refused (a leftover with other settings is retrained,
    /// not silently continued with the old ones); the budget left out is the run's.</summary>
    [Fact]
    public void AResumeWithDataIsAWholeCommandLine()
    {
        var dir = SharedFixtures.TempDir();
        string[] run = ["--method", "dcgan", "--data", "ring8", "--out", dir, "--checkpoint-every", "2", "--no-export", "--threads", "1"];
        var first = Invoke([.. run, "--steps", "4", "--lr-g", "0.001"]);
        Assert.True(first.Code == 0, first.Err);

        var without = Invoke([.. run, "--resume"]);
        Assert.Equal(2, without.Code);
        Assert.Contains("lr_g (0.001 → ", Assert.Single(without.Err.Trim().Split('\n')));

        var same = Invoke([.. run, "--lr-g", "0.001", "--resume"]);
        Assert.True(same.Code == 0, same.Err);
        Assert.Equal(4, Saved(dir).GetProperty("config").GetProperty("steps").GetInt32());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ResumeOfAFolderWithoutARunSaysSo_AndANewRunStillNeedsData()
    {
        var dir = SharedFixtures.TempDir();
        var (code, err) = Invoke("--out", dir, "--resume");
        Assert.Equal(2, code);
        Assert.Contains("holds no config.json, so there is no run to continue", Assert.Single(err.Trim().Split('\n')));
        (code, err) = Invoke("--out", dir, "--steps", "1");
        Assert.Equal(2, code);
        Assert.Contains("--data is required for a new run", Assert.Single(err.Trim().Split('\n')));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FlagsTheMethodDoesNotUseWarnInOneLine()
    {
        var dir = SharedFixtures.TempDir();
        var (code, err) = Invoke("--method", "dcgan", "--data", "ring8", "--out", dir, "--steps", "2", "--lambda", "0.9", "--k", "4", "--no-export", "--threads", "1");
        Assert.True(code == 0, err);
        var warning = Assert.Single(err.Split('\n'), l => l.StartsWith("warning:"));
        Assert.Equal("warning: --k, --lambda: MMA-GAN's settings; --method dcgan trains without them (heads 1, effective λ 0)", warning);
        Directory.Delete(dir, true);
    }
}
