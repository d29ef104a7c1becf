using System.Diagnostics;
using MmaGan.Eval.Features;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>
/// Every unusable output fails before any work, in one line with exit 2; a dataset smaller than --n warns (or, with
/// --strict, is refused). (That bad inputs fail before the first sample is scored: <see cref="Evaluation.FailFastTests"/>.)
/// </summary>
public class FailFastTests
{
    static void AssertOneLineExit2(CliProcess.Result r, string expected)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.True(line.Contains(expected), line);
        Assert.DoesNotContain("Exception", line);
    }

    [Fact]
    public void UnusableOutIsOneLineExit2InEveryEvalCommand()
    {
        var dir = SharedFixtures.TempDir();
        var g = TestModels.TinyGenerator(dir);
        var model = TestModels.TinyInception(dir);
        var file = Path.Combine(dir, "a-file");
        File.WriteAllText(file, "x");
        AssertOneLineExit2(EvalCli.Run("stats", g, "--n", "4", "--inception", model, "--out", "/proc/x/s.npz"), "--out /proc/x/s.npz: is under /proc");
        AssertOneLineExit2(EvalCli.Run("stats", g, "--n", "4", "--inception", model, "--out", Path.Combine(dir, "s.npz"), "--features-out", "/dev/null"), "--features-out /dev/null");
        AssertOneLineExit2(EvalCli.Run("stats", "merge", "x.npz", "--out", dir), $"--out {dir}: is a folder");
        AssertOneLineExit2(EvalCli.Run("generate", g, "--n", "2", "--out", file), $"--out {file}: exists and is a file");
        AssertOneLineExit2(EvalCli.Run("generate", g, "--n", "2", "--out-npy", "/dev/null"), "--out-npy /dev/null");
        AssertOneLineExit2(EvalCli.Run("run", "--generator", g, "--n", "20", "--reference", g, "--inception", model, "--lpips", model,
            "--out", Path.Combine(file, "r.csv")), "is a file, not a folder");
        // A report run cannot append to (not one of its reports) is refused before the 2,000,000 samples are drawn.
        AssertOneLineExit2(EvalCli.Run("run", "--generator", g, "--n", "2000000", "--inception", model, "--metrics", "is", "--out", file),
            $"{file}: is not a report of mmagan-eval run");
        // a report whose lock could never be taken (.NAME.lock a folder) is refused before the samples, not after them.
        var report = Path.Combine(dir, "report.csv");
        Directory.CreateDirectory(Shared.IO.FileLock.PathFor(report));
        AssertOneLineExit2(EvalCli.Run("run", "--generator", g, "--n", "2000000", "--inception", model, "--metrics", "is", "--out", report),
            $"{report}: cannot lock it for writing");
        Assert.False(File.Exists(report));
        AssertOneLineExit2(EvalCli.Run("models", "build-fid", "--weights", "w.pth", "--out", "/proc/x.onnx"), "--out /proc/x.onnx");
        AssertOneLineExit2(EvalCli.Run("models", "fetch-and-build", "--dir", file), $"--dir {file}: exists and is a file");
        Assert.Equal("x", File.ReadAllText(file));
        Directory.Delete(dir, true);
    }

    /// <summary>--n on two datasets did nothing, silently; it warns, naming --n-ref.</summary>
    [SharedFact]
    public void NWithoutAGeneratorWarnsThatItCountsGeneratorSamplesOnly()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var images = SharedFixtures.Reference("images");
        var r = EvalCli.Run("fid", images, images, "--n", "5", "--inception", model, "--no-cache");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("warning: --n 5: neither side is a generator, and --n counts generator samples only; --n-ref 5 uses the first 5 images of a dataset source", r.Stderr);
        var g = EvalCli.Run("fid", TestModels.TinyGenerator(dir), images, "--n", "5", "--inception", model, "--no-cache");
        Assert.True(g.ExitCode == 0, g.Stderr);
        Assert.DoesNotContain("neither side is a generator", g.Stderr);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void StatsWithMoreThanTheSourceHoldsWarnsOrRefusesWithStrict()
    {
        var dir = SharedFixtures.TempDir();
        var images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        for (var i = 0; i < 3; i++)
            MmaGan.Shared.Imaging.ImageFile.WritePng(Path.Combine(images, $"{i}.png"), new MmaGan.Shared.Imaging.Image8(4, 4, 3, Enumerable.Range(0, 48).Select(v => (byte)(v * (i + 1))).ToArray()));
        var model = TestModels.TinyInception(dir);
        var outNpz = Path.Combine(dir, "s.npz");
        var warned = EvalCli.Run("stats", images, "--n", "10", "--inception", model, "--out", outNpz);
        Assert.True(warned.ExitCode == 0, warned.Stderr);
        Assert.Contains($"warning: {images} holds 3 images, fewer than --n 10: using all 3 (--strict refuses instead)", warned.Stderr.Trim().Split('\n'));
        Assert.Equal(3, StatsFile.Read(outNpz).Count);
        File.Delete(outNpz);
        var strict = EvalCli.Run("stats", images, "--n", "10", "--strict", "--inception", model, "--out", outNpz);
        Assert.Equal(2, strict.ExitCode);   // (the image folder reader reports what it read on the line before)
        Assert.Equal($"error: {images} holds 3 images, fewer than --n 10 (--strict)", strict.Stderr.Trim().Split('\n')[^1]);
        Assert.False(File.Exists(outNpz));
        Directory.Delete(dir, true);
    }
}
