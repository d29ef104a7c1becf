using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>
/// What a hostile or unlucky input gives — one line naming the flag or file, exit 2, nothing
/// left behind — where it gave a NaN .npz with exit 0, an <c>OverflowException</c>, an <c>ArgumentOutOfRangeException</c>,
/// an <c>AggregateException</c> with five PNGs left, or a message with 32 NUL bytes in it.
/// </summary>
public class BadSizesAndFilesTests
{
    static string OneErrorLine(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.DoesNotContain("Exception", r.Stderr);
        return Assert.Single(r.Stderr.Trim().Split('\n'), l => l.StartsWith("error:"));
    }

    [SharedFact]
    public void NaNFeaturesAreRefusedWhereProduced_NoStatisticsWritten()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.NaNFeatures(dir);
        var output = Path.Combine(dir, "s.npz");
        var line = OneErrorLine(EvalCli.Run("stats", SharedFixtures.Reference("images"), "--inception", model, "--out", output, "--features-out", Path.Combine(dir, "f.npy")));
        Assert.Equal($"error: {model}: gave a non-finite feature (NaN) for image 0 of {SharedFixtures.Reference("images")}: a feature model must give finite features; nothing was written", line);
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.EndsWith(".npz") || f.EndsWith(".npy") || f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void GenerateOfMoreSamplesThanAnArrayHoldsIsOneLine_NoFolderLeft()
    {
        var dir = SharedFixtures.TempDir();
        var output = Path.Combine(dir, "pngs");
        var line = OneErrorLine(EvalCli.Run("generate", TestModels.TinyGenerator(dir), "--n", "2000000000", "--out", output));
        Assert.StartsWith("error: --n 2000000000 samples of ", line);
        Assert.Contains("more than one array holds", line);
        Assert.False(Directory.Exists(output), "a failed generate left its --out folder");
        Directory.Delete(dir, true);
    }

    /// <summary>A 179-byte generator declaring z of 2·10⁹ values took 15 GB for 117 s and exited 0.</summary>
    [Fact]
    public void AGeneratorWhoseLatentsCannotFitIsRefusedBeforeAllocating()
    {
        var dir = SharedFixtures.TempDir();
        var g = new Shared.Onnx.OnnxGraphBuilder("huge_latent");
        var z = g.AddInput("z", Shared.Onnx.OnnxElementType.Float, "N", 2_000_000_000);
        g.AddNode("Identity", [z], ["images"]);
        g.AddOutput("images", Shared.Onnx.OnnxElementType.Float, "N", 2_000_000_000);
        var model = Path.Combine(dir, "huge-latent.onnx");
        g.Save(model);
        var line = OneErrorLine(EvalCli.Run("stats", model, "--inception", TestModels.TinyInception(dir), "--n", "100", "--out", Path.Combine(dir, "s.npz")));
        Assert.StartsWith($"error: {model}: the latents of one batch of 50 (2,000,000,000 values each) would need 400 GB of memory; ", line);
        Directory.Delete(dir, true);
    }

    /// <summary>A generator of 3×20000² outputs gave a raw ONNX Runtime error or an <c>OverflowException</c>. Its declared
    /// output shape times the batch is checked before the first run: against what one array holds, and against memory.</summary>
    [Fact]
    public void AGeneratorWhoseOutputsCannotFitIsRefusedBeforeItRuns()
    {
        var dir = SharedFixtures.TempDir();
        var huge = TestModels.ExpandingGenerator(dir, "huge-output", [1, 3, 20000, 20000], false, "N", 3, 20000, 20000);
        var pngs = Path.Combine(dir, "pngs");
        var line = OneErrorLine(EvalCli.Run("generate", huge, "--n", "64", "--out", pngs));
        Assert.Equal($"error: {huge}: the output of 64 samples at a time ([3,20000,20000], 1,200,000,000 values each) is 7.68E+10 values, more than one array holds (2,147,483,591)", line);
        Assert.False(Directory.Exists(pngs));
        line = OneErrorLine(EvalCli.Run("stats", huge, "--inception", TestModels.TinyInception(dir), "--n", "100", "--out", Path.Combine(dir, "s.npz")));
        Assert.StartsWith($"error: {huge}: the output of 50 samples at a time ([3,20000,20000], ", line);
        // Within what an array holds but not within memory: a process limited to 512 MB, a batch of 50 × 3×2000² floats.
        var big = TestModels.ExpandingGenerator(dir, "big-output", [1, 3, 2000, 2000], false, "N", 3, 2000, 2000);
        line = OneErrorLine(EvalCli.RunWith(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
            "stats", big, "--inception", TestModels.TinyInception(dir), "--n", "100", "--out", Path.Combine(dir, "s.npz")));
        Assert.Equal($"error: {big}: the output of 50 samples at a time ([3,2000,2000], 12,000,000 values each) would need 4.8 GB of memory; 536.9 MB is available", line);
        // Symbolic dimensions: what is declared is checked before the one run that learns the shape.
        var wide = TestModels.ExpandingGenerator(dir, "wide-output", [1, 3, 1, 1_000_000_000], true, "N", 3, "H", 1_000_000_000);
        line = OneErrorLine(EvalCli.Run("generate", wide, "--n", "1", "--out-npy", Path.Combine(dir, "w.npy")));
        Assert.Equal($"error: {wide}: the output of 1 sample at a time ([?,3,?,1000000000], at least 3,000,000,000 values each) is at least 3E+09 values, more than one array holds (2,147,483,591)", line);
        // A declared sample of 3·10⁶ cubed (2.7·10¹⁹ values) overflows a long: counted as a double, refused all the same.
        var cube = TestModels.ExpandingGenerator(dir, "cube-output", [1, 3, 1, 1], true, "N", 3_000_000, 3_000_000, 3_000_000);
        Assert.EndsWith("is 2.7E+19 values, more than one array holds (2,147,483,591)", Assert.Throws<InputException>(() => Shared.Onnx.OnnxGenerator.Open(cube)).Message);
        Directory.Delete(dir, true);
    }

    /// <summary>More ONNX Runtime threads than cores.</summary>
    [Fact]
    public void MoreThreadsThanCoresAreRefused()
    {
        var dir = SharedFixtures.TempDir();
        var line = OneErrorLine(EvalCli.Run("stats", TestModels.TinyGenerator(dir), "--inception", TestModels.TinyInception(dir), "--n", "10",
            "--threads", "1000", "--out", Path.Combine(dir, "s.npz")));
        Assert.StartsWith("error: --threads 1000: more than the", line);
        Directory.Delete(dir, true);
    }

    /// <summary>A pool3 of [N,3] gave 3-d "Inception" statistics (exit 0). A pool3 is 2048 wide, or the model records
    /// the width it has by design (<see cref="MmaGan.Eval.Features.InceptionModel.FeatureDimsKey"/>, as the suite's tiny models do); the
    /// DINOv2 and CLIP outputs have their network's width.</summary>
    [Fact]
    public void APool3ThatIsNot2048WideIsRefusedUnlessTheModelRecordsItsWidth()
    {
        var dir = SharedFixtures.TempDir();
        var narrow = TestModels.UndeclaredNarrowPool3(dir);
        var e = Assert.Throws<InputException>(() => new MmaGan.Eval.Features.InceptionModel(narrow));
        Assert.Equal($"{narrow}: output 'pool3' has 3 features; an Inception pool3 has 2048 (a model whose features are 3-d by design records it: metadata feature_dims = 3)", e.Message);
        var output = Path.Combine(dir, "s.npz");
        var line = OneErrorLine(EvalCli.Run("stats", SharedFixtures.Reference("images"), "--inception", narrow, "--out", output));
        Assert.Equal("error: " + e.Message, line);
        Assert.False(File.Exists(output));
        // A declared width is the contract: the tiny models open, a declaration the output contradicts is refused.
        using (var tiny = new MmaGan.Eval.Features.InceptionModel(TestModels.TinyInception(dir))) Assert.Equal(TestModels.FeatureSize, tiny.FeatureSize);
        var g = new Shared.Onnx.OnnxGraphBuilder("lying");
        var x = g.AddInput("images", Shared.Onnx.OnnxElementType.Float, "N", 3, "H", "W");
        g.AddNode("Flatten", [g.AddNode("GlobalAveragePool", [x])[0]], ["pool3"], attributes: Shared.Onnx.OnnxAttribute.Int("axis", 1));
        g.AddOutput("pool3", Shared.Onnx.OnnxElementType.Float, "N", 3);
        TestModels.DeclareFeatureDims(g, 2048);
        var lying = Path.Combine(dir, "lying.onnx");
        g.Save(lying);
        Assert.Equal($"{lying}: output 'pool3' has 3 features but the model records feature_dims 2048",
            Assert.Throws<InputException>(() => new MmaGan.Eval.Features.InceptionModel(lying)).Message);
        // The other spaces' features (a 3-d DINOv2 or CLIP stand-in, undeclared) are as wide as their network.
        foreach (var space in new[] { "dinov2", "clip" })
            using (var m = new MmaGan.Eval.Features.InceptionModel(TestModels.UndeclaredNarrowPool3(dir, space), featureSpace: space)) Assert.Equal(3, m.FeatureSize);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void StatisticsOfFeaturesTooWideForMemoryAreRefusedBeforeAllocating()
    {
        var e = Assert.Throws<InputException>(() => new GaussianStats(100_000));
        Assert.StartsWith("statistics of 100000-d features", e.Message);
    }

    [SmallDiskFact]
    public void GenerateOnAFullDiskIsOneLine_NoPngsLeft()
    {
        var dir = SharedFixtures.TempDir();
        using var disk = SmallDisk.Mount(2 << 20);
        var fill = disk.Fill();
        var output = Path.Combine(disk.Path, "pngs");
        OneErrorLine(EvalCli.Run("generate", TestModels.TinyGenerator(dir), "--n", "64", "--batch", "8", "--out", output));
        Assert.DoesNotContain(disk.FilesExcept(fill), f => !f.Contains("/Microsoft/"));
        Assert.False(Directory.Exists(output));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ATruncatedPngIsNamedWithoutItsBytes()
    {
        var dir = SharedFixtures.TempDir();
        var folder = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        // A PNG signature, an IHDR of 32×32, then 32 NUL bytes where the data should be.
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 32, 0, 0, 0, 32, 8, 2, 0, 0, 0, .. new byte[36]];
        for (var i = 0; i < 3; i++) File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), png);
        var r = EvalCli.Run("stats", folder, "--inception", TestModels.TinyInception(dir), "--out", Path.Combine(dir, "s.npz"));
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain('\0', r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Directory.Delete(dir, true);
    }
}
