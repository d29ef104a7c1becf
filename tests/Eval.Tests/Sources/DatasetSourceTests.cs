using MmaGan.Eval.Sources;
using MmaGan.Shared.Datasets;
using MmaGan.Shared.Imaging;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Sources;

/// <summary>The evaluator reads a data-set spec exactly as the trainer trains on it (so a reference describes the training data).</summary>
public class DatasetSourceTests
{
    [SharedFact]
    public void MnistSpec_IsPaddedTo32_AsTheTrainerReadsIt_WhileThePlainPathStaysNative()
    {
        var path = SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");
        using var spec = ImageSources.Open("mnist:" + path, n: 3);
        var batch = Assert.Single(spec.ReadBatches(8));
        Assert.Equal((3, 32, 32), (batch.Count, batch.Height, batch.Width));
        var trainer = ImageDatasetReader.Read(new ImageDataSpec("mnist", path), 32, limit: 3);
        for (var i = 0; i < 3; i++)
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < 32 * 32; p++)
                    Assert.Equal(trainer.Pixels[i * 1024 + p] / 255f, batch.Data[(i * 3 + c) * 1024 + p]);
        using var plain = ImageSources.Open(path, n: 3);
        Assert.Equal(28, Assert.Single(plain.ReadBatches(8)).Height);
    }

    [Fact]
    public void ImagesSpec_UsesImageSize_AndPlainFolders_SayWhatTheySkip()
    {
        var dir = Directory.CreateTempSubdirectory("mmagan-src-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        ImageFile.WritePng(Path.Combine(dir, "a.png"), new Image8(80, 64, 3, new byte[80 * 64 * 3]));
        ImageFile.WritePng(Path.Combine(dir, "sub", "b.png"), new Image8(80, 64, 3, new byte[80 * 64 * 3]));
        using var spec = ImageSources.Open("images:" + dir, imageSize: 64);
        Assert.Equal(2, spec.Count);
        Assert.Equal(64, spec.ReadBatches(2).Single().Height);
        var lines = new List<string>();
        using var flat = ImageSources.Open(dir, log: lines.Add);
        Assert.Equal(1, flat.Count);
        Assert.Contains("1 file(s) in subfolders (read them with --recursive)", Assert.Single(lines));
        using var deep = ImageSources.Open(dir, recursive: true);
        Assert.Equal(2, deep.Count);
        Directory.Delete(dir, true);
    }
}
