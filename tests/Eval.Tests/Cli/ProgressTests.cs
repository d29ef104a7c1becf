using MmaGan.Eval.Evaluation;
using System.Text.Json;
using MmaGan.Eval.Cli;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>Tests that redirect the process-wide Console run one at a time.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("Console")]
public class ProgressTests
{
    static Dictionary<string, string?> Mode(string mode) => new() { [ProgressReporter.ModeVariable] = mode };

    static JsonElement LastJson(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    /// <summary>`stats` of 30 samples of a tiny generator in batches of 10, with --json.</summary>
    static CliProcess.Result Stats(string dir, Dictionary<string, string?> environment) =>
        EvalCli.RunWith(environment, "stats", TestModels.TinyGenerator(dir), "--n", "30", "--batch", "10", "--inception", TestModels.TinyInception(dir),
            "--out", Path.Combine(dir, "s.npz"), "--json");

    [Fact]
    public void LinesReportToStderrAtTheEndWithRateAndEta()
    {
        var old = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try
        {
            var result = new ProgressReporter(ProgressMode.Lines).Track("data", 10, "images", p =>
            {
                for (var i = 1; i <= 10; i++) p!.Report(i);
                return 42;
            });
            Assert.Equal(42, result);
        }
        finally { Console.SetError(old); }
        var lines = err.ToString().Trim().Split('\n');
        Assert.Matches(@"^data: 2/10 \(20%, [\d.]+ images/s, ETA \d:\d\d:\d\d\)$", lines[0]); // the first ETA after the first batches
        Assert.Matches(@"^data: 10/10 \(100%, [\d.]+ images/s, ETA 0:00:00\)$", lines[^1]);
    }

    [Fact]
    public void OffPassesNoProgress()
    {
        Assert.Null(ProgressReporter.None.Track("x", 5, "images", p => p));
    }

    [Fact]
    public void RedirectedStderrShowsThePlanAndProgressLinesByDefault()
    {
        var dir = SharedFixtures.TempDir();
        var r = Stats(dir, new Dictionary<string, string?> { [ProgressReporter.ModeVariable] = null });
        Assert.Equal(30, LastJson(r).GetProperty("n").GetInt32());
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Matches(@"^plan: 30 images from tiny-generator\.onnx through .+\.onnx on cpu, \d+ threads", lines[0]);
        Assert.Matches(@"tiny-generator\.onnx: 30/30 \(100%", lines[^1]);
        var off = Stats(dir, new Dictionary<string, string?> { [ProgressReporter.ModeVariable] = "off" });
        Assert.Equal("", off.Stderr);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void LinesModeKeepsJsonTheLastStdoutLine()
    {
        var dir = SharedFixtures.TempDir();
        var stats = Stats(dir, Mode("lines"));
        Assert.Equal(30, LastJson(stats).GetProperty("n").GetInt32());
        Assert.Matches(@"tiny-generator\.onnx: 30/30 \(100%, [\d.]+ images/s", stats.Stderr);
        Assert.DoesNotContain("/30 (", stats.Stdout);

        var generate = EvalCli.RunWith(Mode("lines"), "generate", TestModels.TinyGenerator(dir), "--n", "20", "--batch", "8", "--out-npy", Path.Combine(dir, "g.npy"), "--json");
        Assert.Equal(20, LastJson(generate).GetProperty("n").GetInt32());
        Assert.Contains("20/20 (100%", generate.Stderr);
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void LpipsCountsImagesReadThenPairsScored()
    {
        var r = EvalCli.RunWith(Mode("lines"), "lpips", SharedFixtures.Reference("images"), "--lpips", SharedFixtures.Reference("lpips_alex_random.onnx"),
            "--pairs", "consecutive", "--json");
        var pairs = LastJson(r).GetProperty("pairs").GetInt32();
        var images = Directory.GetFiles(SharedFixtures.Reference("images")).Length;
        Assert.Contains($"LPIPS images: {images + pairs}/{images + pairs} (100%", r.Stderr);
    }

    [Fact]
    public void BarModeDrawsOnStderrOnly()
    {
        var dir = SharedFixtures.TempDir();
        var r = Stats(dir, Mode("bar"));
        Assert.Equal(30, LastJson(r).GetProperty("n").GetInt32());
        Assert.DoesNotContain("\u001b", r.Stdout);
        Assert.Contains("\u001b[", r.Stderr);
        Assert.Contains("100%", r.Stderr);
        Assert.Contains("images/s", r.Stderr);
        Directory.Delete(dir, true);
    }
}
