using MmaGan.Eval.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>Generate refuses NaN/∞ outputs and latents; fixed-batch generators run at any --n/--batch.</summary>
public class GenerateGuardsTests
{
    [Fact]
    public void NaNImagesAreRefusedWithoutOutput()
    {
        var dir = SharedFixtures.TempDir();
        var outDir = Path.Combine(dir, "png");
        var outNpy = Path.Combine(dir, "out.npy");
        var e = Assert.Throws<InputException>(() => GenerateCommand.Run(new GenerateCommand.GenerateRequest(TestModels.NaNGenerator(dir), 8, 0, null, outDir, outNpy)));
        Assert.Contains("NaN/infinite values in samples 0..7", e.Message);
        Assert.False(File.Exists(outNpy));
        Assert.Empty(Directory.Exists(outDir) ? Directory.GetFiles(outDir) : []);
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void NaNLatentsAreRefusedNamingTheIndex()
    {
        var dir = SharedFixtures.TempDir();
        var z = Path.Combine(dir, "z.npy");
        var values = new float[3 * 12];
        values[12 + 5] = float.NaN;
        Npy.Write(z, values, 3, 12);
        var e = Assert.Throws<InputException>(() => GenerateCommand.Run(new GenerateCommand.GenerateRequest(TestModels.TinyGenerator(dir), null, 0, z, null, Path.Combine(dir, "o.npy"))));
        Assert.Equal($"{z}: latent [1,5] is NaN: latents must be finite", e.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FixedBatchGeneratorRunsWithItsOwnBatch()
    {
        var dir = SharedFixtures.TempDir();
        var outNpy = Path.Combine(dir, "o.npy");
        var fixedModel = TestModels.FixedBatchGenerator(dir);
        var r = GenerateCommand.Run(new GenerateCommand.GenerateRequest(fixedModel, 7, 3, null, null, outNpy, Batch: 4));
        Assert.Equal(7, r.N);
        var expected = Path.Combine(dir, "e.npy");
        GenerateCommand.Run(new GenerateCommand.GenerateRequest(TestModels.TinyGenerator(dir), 7, 3, null, null, expected, Batch: 4));
        Assert.Equal(Npy.Read(expected).AsFloat(), Npy.Read(outNpy).AsFloat());
        // The metric commands too (statistics through a stand-in Inception).
        var stats = EvalCli.Run("stats", fixedModel, "--n", "9", "--batch", "4", "--inception", TestModels.TinyInception(dir), "--out", Path.Combine(dir, "s.npz"));
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Directory.Delete(dir, true);
    }
}
