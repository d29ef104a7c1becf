using MmaGan.Shared.IO;
using MmaGan.Train.Data;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Data;

public class DataSpecTests
{
    [SharedFact]
    public void ReadsTheRealCifar10FolderWithCountsFromFileSizes()
    {
        using var source = DataSpec.Open("cifar10:" + SharedFixtures.Path_("data", "cifar10"), 32, 1);
        Assert.Equal(5085, source.EpochSize);
        Assert.Equal([3L, 32, 32], source.SampleShape);
        using var batch = source.Batch(0, 64);
        Assert.Equal([64L, 3, 32, 32], batch.shape);
        Assert.InRange(batch.min().item<float>(), -1f, -0.9f);
        Assert.InRange(batch.max().item<float>(), 0.9f, 1f);
    }

    [SharedFact]
    public void ReadsGzippedMnistPaddedTo32()
    {
        using var source = DataSpec.Open("mnist:" + SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz"), 32, 1);
        Assert.Equal(10000, source.EpochSize);
        Assert.Equal([1L, 32, 32], source.SampleShape);
        using var b = source.Batch(3, 8);
        // The 2-pixel border is black (−1).
        Assert.Equal(-1f, b[.., .., 0, ..].max().item<float>());
    }

    [Fact]
    public void ImageFolderIsCentreCroppedAndResized()
    {
        var dir = SharedFixtures.TempDir();
        for (var i = 0; i < 3; i++)
            Shared.Imaging.ImageFile.WritePng(Path.Combine(dir, $"{i}.png"), new Shared.Imaging.Image8(80, 64, 3, new byte[80 * 64 * 3]));
        using var source = DataSpec.Open("images:" + dir, 32, 1);
        Assert.Equal(3, source.EpochSize);
        Assert.Equal([3L, 32, 32], source.SampleShape);
    }

    [Fact]
    public void BadDatasetsGiveOneLineNamingTheFile()
    {
        var dir = SharedFixtures.TempDir();
        var missing = Path.Combine(dir, "nope.bin");
        Assert.StartsWith(missing + ": no such", Assert.Throws<InputException>(() => DataSpec.Open("cifar10:" + missing, 32, 1)).Message);

        var empty = Path.Combine(dir, "empty.bin");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<InputException>(() => DataSpec.Open("cifar10:" + empty, 32, 1)).Message);

        var truncated = Path.Combine(dir, "cut.bin");
        File.WriteAllBytes(truncated, new byte[3073 * 2 + 100]);
        var e = Assert.Throws<InputException>(() => DataSpec.Open("cifar10:" + truncated, 32, 1));
        Assert.StartsWith(truncated + ":", e.Message);
        Assert.Contains("truncated", e.Message);

        var notIdx = Path.Combine(dir, "x.idx");
        File.WriteAllBytes(notIdx, new byte[100]);
        Assert.Contains("not an IDX image file", Assert.Throws<InputException>(() => DataSpec.Open("mnist:" + notIdx, 32, 1)).Message);

        var emptyDir = Path.Combine(dir, "imgs");
        Directory.CreateDirectory(emptyDir);
        Assert.Contains("no PNG or JPEG", Assert.Throws<InputException>(() => DataSpec.Open("images:" + emptyDir, 32, 1)).Message);

        Assert.Contains("unknown dataset", Assert.Throws<InputException>(() => DataSpec.Open("celeba", 32, 1)).Message);
    }

    [SharedFact]
    public void TruncatedMnistSaysHowMuchIsMissing()
    {
        var bytes = Shared.Imaging.ImageFile.IsImage("x") ? [] : ReadGz(SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz"));
        var path = Path.Combine(SharedFixtures.TempDir(), "cut-idx3-ubyte");
        File.WriteAllBytes(path, bytes[..5000]);
        var e = Assert.Throws<InputException>(() => DataSpec.Open("mnist:" + path, 32, 1));
        Assert.Contains("truncated", e.Message);
    }

    static byte[] ReadGz(string path)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
