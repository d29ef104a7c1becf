using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Sources;

public class ImageSourcesTests
{
    [SharedFact]
    public void ImageFolderIsSortedAndScaledTo01()
    {
        using var src = ImageSources.Open(SharedFixtures.Reference("images"));
        Assert.Equal(16, src.Count);
        var batches = src.ReadBatches(5).ToList();
        Assert.Equal(new[] { 5, 5, 5, 1 }, batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.Equal((32, 32), (b.Height, b.Width)));
        Assert.All(batches[0].Data, v => Assert.InRange(v, 0f, 1f));
        var first = MmaGan.Shared.Imaging.ImageFile.Read(SharedFixtures.Reference(Path.Combine("images", "0000.png")));
        Assert.Equal(first.Pixels[0] / 255f, batches[0].Data[0]);
    }

    [SharedFact]
    public void Cifar10CountComesFromFileSize()
    {
        using var src = ImageSources.Open(SharedFixtures.Path_("data", "cifar10", "data_batch_1.bin"));
        Assert.Equal(1017, src.Count);
        Assert.Equal(1017, src.ReadBatches(100).Sum(b => b.Count));
        using var folder = ImageSources.Open(SharedFixtures.Path_("data", "cifar10"), n: 1500);
        Assert.Equal(1500, folder.Count);
        Assert.Equal(1500, folder.ReadBatches(64).Sum(b => b.Count));
    }

    [SharedFact]
    public void TruncatedCifarIsAnError()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "cut.bin");
        var bytes = File.ReadAllBytes(SharedFixtures.Path_("data", "cifar10", "data_batch_1.bin"));
        File.WriteAllBytes(path, bytes[..(3073 * 3 + 100)]);
        var e = Assert.Throws<InputException>(() => ImageSources.Open(path));
        Assert.Contains("cut.bin", e.Message);
        Assert.Contains("truncated", e.Message);
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void MnistGzIsGrayRepeatedToRgb()
    {
        using var src = ImageSources.Open(SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz"), n: 7);
        Assert.Equal(7, src.Count);
        var b = src.ReadBatches(10).Single();
        Assert.Equal((28, 28), (b.Height, b.Width));
        var plane = 28 * 28;
        for (var p = 0; p < plane; p += 37) Assert.Equal(b.Data[p], b.Data[2 * plane + p]);
        Assert.Contains(b.Data, v => v > 0.9f);
    }

    [Fact]
    public void EmptyFolderAndUnreadableImageAreErrors()
    {
        var dir = SharedFixtures.TempDir();
        Assert.Contains("no PNG or JPEG", Assert.Throws<InputException>(() => ImageSources.Open(dir)).Message);
        File.WriteAllText(Path.Combine(dir, "broken.png"), "not a png");
        using var src = ImageSources.Open(dir);
        var e = Assert.ThrowsAny<InputException>(() => src.ReadBatches(4).ToList());
        Assert.Contains("broken.png", e.Message);
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void ThirdPartyGeneratorYieldsImagesIn01()
    {
        using var src = ImageSources.Open(SharedFixtures.Reference("generator_dcgan_thirdparty.onnx"), n: 5, seed: 1);
        var batches = src.ReadBatches(2).ToList();
        Assert.Equal(5, batches.Sum(b => b.Count));
        Assert.All(batches, b => Assert.Equal((32, 32), (b.Height, b.Width)));
        Assert.All(batches.SelectMany(b => b.Data), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void NaNGeneratorFailsWithACount()
    {
        var dir = SharedFixtures.TempDir();
        using var src = ImageSources.Open(TestModels.NaNGenerator(dir), n: 10);
        var e = Assert.Throws<InputException>(() => src.ReadBatches(10).ToList());
        Assert.Contains("NaN", e.Message);
        Assert.Contains("nan-generator.onnx", e.Message);
        Directory.Delete(dir, true);
    }
}
