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
        Assert.Matches(@"^data: 2/10 images \(20%, [\d.]+ images/s, ETA \d:\d\d:\d\d\)$", lines[0]); // the first ETA after the first batches
        Assert.Matches(@"^data: 10/10 images \(100%, [\d.]+ images/s, ETA 0:00:00\)$", lines[^1]);
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
        Assert.Matches(@"tiny-generator\.onnx: 30/30 images \(100%", lines[^1]);
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
        Assert.Matches(@"tiny-generator\.onnx: 30/30 images \(100%, [\d.]+ images/s", stats.Stderr);
        Assert.DoesNotContain("/30 images (", stats.Stdout);

        var generate = EvalCli.RunWith(Mode("lines"), "generate", TestModels.TinyGenerator(dir), "--n", "20", "--batch", "8", "--out-npy", Path.Combine(dir, "g.npy"), "--json");
        Assert.Equal(20, LastJson(generate).GetProperty("n").GetInt32());
        Assert.Contains("20/20 samples (100%", generate.Stderr);
        Directory.Delete(dir, true);
    }

    /// <summary>LPIPS progress counted images read plus pairs as "items" (750/750 items for 250 pairs); now
    /// the reading counts images and the scoring pairs.</summary>
    [SharedFact]
    public void LpipsCountsImagesReadThenPairsScored()
    {
        var r = EvalCli.RunWith(Mode("lines"), "lpips", SharedFixtures.Reference("images"), "--lpips", SharedFixtures.Reference("lpips_alex_random.onnx"),
            "--pairs", "consecutive", "--json");
        var pairs = LastJson(r).GetProperty("pairs").GetInt32();
        var images = Directory.GetFiles(SharedFixtures.Reference("images")).Length;
        Assert.Contains($"LPIPS images, reading: {images}/{images} images (100%", r.Stderr);
        Assert.Contains($"LPIPS images: {pairs}/{pairs} pairs (100%, ", r.Stderr);
        Assert.Contains(" pairs/s, ETA ", r.Stderr);
        Assert.DoesNotContain("items", r.Stderr);
    }

    /// <summary>a pass's plan line says how long it will take — from the rate measured here for the model,
    /// device and threads (recorded after a pass of at least 2 s), else from a stated estimate for a known network.</summary>
    [Fact]
    public void ThePlanGivesAnEtaFromTheRateMeasuredHere()
    {
        var dir = SharedFixtures.TempDir();
        var cache = Path.Combine(dir, "cache");
        var old = Environment.GetEnvironmentVariable(MmaGan.Eval.Features.FeatureCache.CacheVariable);
        Environment.SetEnvironmentVariable(MmaGan.Eval.Features.FeatureCache.CacheVariable, cache);
        try
        {
            var reading = new SourceReading(Threads: 1);
            var model = Path.Combine(dir, "m.onnx");
            File.WriteAllText(model, "model bytes");
            var key = Eta.FeatureKey(model, reading);
            Assert.Equal("", Eta.Of(key, 1000, "images", null, 1));                     // nothing known: no ETA (the progress lines give it)
            Eta.Record(key, 100, 1.0, "images");                                          // a pass under 2 s is not recorded
            Assert.Equal("", Eta.Of(key, 1000, "images", null, 1));
            Eta.Record(key, 500, 20.0, "images");                                         // 25 images/s
            Assert.StartsWith("; ETA ≈ 40 s at 25.0 images/s (measured here ", Eta.Of(key, 1000, "images", null, 1));
            Assert.StartsWith("; ETA ≈ 6 min 40 s at 25.0 images/s", Eta.Of(key, 10000, "images", null, 1));
            Assert.True(File.Exists(Path.Combine(cache, "mmagan", "rates.json")));
            Assert.Empty(new MmaGan.Eval.Features.FeatureCache(Path.Combine(cache, "mmagan")).List());   // the rates are not a cache entry
            // No record: a known network's stated figure, scaled to the threads used and to this process's share of loaded cores.
            var estimate = new Eta.Estimate(25, "FID Inception-v3", "docs/benchmarks.md");
            var other = Eta.FeatureKey(Path.Combine(dir, "other.onnx"), reading);
            var cores = Environment.ProcessorCount;
            Assert.StartsWith("; ETA ≈ 33 min 20 s at ≈ 25 images/s (an estimate: FID Inception-v3 on 2 idle cores, docs/benchmarks.md",
                Eta.Of(other, 50000, "images", estimate, 2, load: 0));
            if (cores >= 2) Assert.Contains("at ≈ 12.5 images/s", Eta.Of(other, 1000, "images", estimate, 1, load: 0));
            if (cores == 2)
                Assert.StartsWith("; ETA ≈ 1 h 23 min at ≈ 10 images/s (an estimate: FID Inception-v3 runs ≈ 25 images/s on 2 idle cores, docs/benchmarks.md, shared here at the load now 3 on 2 cores; ≈ 33 min 20 s idle)",
                    Eta.Of(other, 50000, "images", estimate, 2, load: 3));
            Assert.Equal("2 h 05 min", Eta.Duration(7500));
        }
        finally { Environment.SetEnvironmentVariable(MmaGan.Eval.Features.FeatureCache.CacheVariable, old); }
        Directory.Delete(dir, true);
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
