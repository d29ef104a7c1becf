using System.Text.Json;
using MmaGan.Eval.Features;
using MmaGan.Eval.Sources;
using MmaGan.Eval.Tests.Cli;
using MmaGan.Eval.Tests.Evaluation;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

/// <summary>
/// A write that fails mid-stream (a full disk under <c>--features-out</c> or the feature cache)
/// ends the pipeline at once — it used to print "No space left on device" and then sleep forever on a full queue — and leaves
/// nothing behind; an unwritable cache is a warning and the evaluation runs uncached.
/// </summary>
public class FullDiskTests
{
    /// <summary>A feature sink whose disk fills on the first batch (the fault-injecting stream).</summary>
    sealed class FullDiskSink : IFeatureSink
    {
        public int Calls;
        public void Append(ReadOnlySpan<float> rows)
        {
            Calls++;
            throw new IOException("No space left on device : '/data/.x.npy.tmp-1-host-0123456789abcdef0123456789abcdef'");
        }
    }

    [SharedFact]
    public void AFailingSinkEndsThePipelineInsteadOfHanging()
    {
        var dir = SharedFixtures.TempDir();
        using var model = new InceptionModel(TestModels.TinyInception(dir));
        using var src = ImageSources.Open(SharedFixtures.Reference("images"));
        var sink = new FullDiskSink();
        // Batches of 1: 16 batches against queues of 2, so the stages before the sink fill their queues and block.
        var run = Task.Run(() => FeatureExtractor.Run(src, model, batchSize: 1, featuresOut: sink));
        Assert.True(Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))).Result == run, "the pipeline hung after its sink failed");
        var e = Assert.IsType<IOException>(run.Exception!.InnerException);
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal(1, sink.Calls);
        Directory.Delete(dir, true);
    }

    [SmallDiskFact]
    public void StatsOnAFullDiskIsOneLineExit2AndLeavesNothing()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        using var disk = SmallDisk.Mount(2 << 20);
        var fill = disk.Fill();
        var r = EvalCli.Run("stats", SharedFixtures.Reference("images"), "--inception", model, "--batch", "2",
            "--out", Path.Combine(disk.Path, "s.npz"), "--features-out", Path.Combine(disk.Path, "x.npy"));
        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.Stderr.Trim().Split('\n'), l => l.StartsWith("error:"));
        Assert.Matches(@"^error: \S*/(x\.npy|s\.npz): no space left on device \(the partial file was removed\)$", error);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.Empty(disk.FilesExcept(fill));
        Directory.Delete(dir, true);
    }

    [SmallDiskFact]
    public void AFullCacheDiskWarnsOnceAndScoresUncached()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 40, 1);
        string[] args = ["fid", data, SharedFixtures.Reference("images"), "--inception", model, "--batch", "4", "--json"];
        var uncached = Fid(EvalCli.Run([.. args, "--no-cache"]));
        using var disk = SmallDisk.Mount(2 << 20);
        var fill = disk.Fill();
        var r = EvalCli.RunWith(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = disk.Path }, args);
        Assert.Equal(uncached, Fid(r));
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("warning: cache: cannot write") && l.Contains("No space left on device") && l.Contains("running uncached"));
        // (ONNX Runtime keeps a device id under $XDG_CACHE_HOME/Microsoft: not ours.)
        Assert.DoesNotContain(disk.FilesExcept(fill), f => f.StartsWith(Path.Combine(disk.Path, "mmagan"), StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(disk.Path, "mmagan")), "the cache folder it created was left behind, empty");
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("read-only")]
    public void AnUnusableCacheFolderWarnsOnceAndScoresUncached(string kind)
    {
        if (kind == "read-only" && !SmallDisk.Available) return;   // root writes through permissions: a read-only mount is needed
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var data = Path.Combine(dir, "data.bin");
        var reference = Path.Combine(dir, "ref.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 30, 1);
        OnePassAndCacheTests.WriteCifarBatch(reference, 30, 2);
        string[] args = ["fid", data, reference, "--inception", model, "--batch", "8", "--json"];
        var uncached = Fid(EvalCli.Run([.. args, "--no-cache"]));
        using var disk = kind == "read-only" ? SmallDisk.Mount(1 << 20, readOnly: true) : null;
        var cache = disk?.Path ?? Path.Combine(dir, "cache-is-a-file");
        if (disk == null) File.WriteAllText(cache, "not a folder");
        var r = EvalCli.RunWith(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache }, args);
        Assert.Equal(uncached, Fid(r));
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("warning: cache: cannot write"));
        Directory.Delete(dir, true);
    }

    static double Fid(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement.GetProperty("fid").GetDouble();
    }
}
