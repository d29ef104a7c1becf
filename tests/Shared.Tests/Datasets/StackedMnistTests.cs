using System.IO.Compression;
using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Datasets;

public class StackedMnistTests
{
    static string Mnist => SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");

    [Fact]
    public void LabelsFileIsNamedFromTheImagesFile()
    {
        Assert.Equal(Path.Combine("d", "t10k-labels-idx1-ubyte.gz"), IdxLabels.BesideImages(Path.Combine("d", "t10k-images-idx3-ubyte.gz")));
        Assert.Equal("train-labels-idx1-ubyte", IdxLabels.BesideImages("train-images-idx3-ubyte"));
        Assert.Null(IdxLabels.BesideImages("digits.gz"));
    }

    [SharedFact]
    public void StreamIsSeededUniformAndIndependentOfOrder()
    {
        var data = StackedMnist.Read(Mnist);
        Assert.Equal(10_000, data.Pool.Count);
        Assert.Equal(10_000, data.Labels.Length);
        // A sample depends only on (seed, index, channel): drawing 5..9 alone gives the same digits as drawing 0..9.
        var all = data.Draw(7, 0, 10);
        var tail = data.Draw(7, 5, 5);
        Assert.Equal(all[(5 * 3 * 784)..], tail);
        Assert.NotEqual(data.Draw(8, 0, 10), all);
        // Uniform over the pool: 300,000 draws fill the 10 digit classes within ±2 % of 10 % (the test set is almost balanced).
        var perClass = new int[10];
        for (var i = 0; i < 100_000; i++)
            for (var c = 0; c < 3; c++) perClass[data.Labels[data.DigitIndex(11, i, c)]]++;
        var expected = Enumerable.Range(0, 10).Select(k => data.Labels.Count(l => l == k) / 10_000.0 * 300_000).ToArray();
        for (var k = 0; k < 10; k++) Assert.InRange(perClass[k], expected[k] * 0.98, expected[k] * 1.02);
        // The mode is the label triple R, G, B.
        var mode = data.Mode(3, 42);
        Assert.Equal(100 * data.Labels[data.DigitIndex(3, 42, 0)] + 10 * data.Labels[data.DigitIndex(3, 42, 1)] + data.Labels[data.DigitIndex(3, 42, 2)], mode);
    }

    [SharedFact]
    public void DrawsStackThreeDigitsAndPadTo32()
    {
        var data = StackedMnist.Read(Mnist);
        var x28 = data.Draw(1, 0, 2);
        var x32 = data.Draw(1, 0, 2, 32);
        Assert.Equal(2 * 3 * 28 * 28, x28.Length);
        Assert.Equal(2 * 3 * 32 * 32, x32.Length);
        for (var c = 0; c < 3; c++)
        {
            var digit = data.DigitIndex(1, 1, c);
            for (var y = 0; y < 28; y++)
                for (var x = 0; x < 28; x++)
                {
                    var pixel = data.Pool.Pixels[(digit * 28 + y) * 28 + x];
                    Assert.Equal(pixel, x28[((1 * 3 + c) * 28 + y) * 28 + x]);
                    Assert.Equal(pixel, x32[((1 * 3 + c) * 32 + y + 2) * 32 + x + 2]);
                }
        }
        Assert.Equal(0, x32[(3 * 32 + 0) * 32 + 31]); // the border is black
    }

    [SharedFact]
    public void TheReaderYieldsTheReferenceStreamWithModes()
    {
        var images = ImageDatasetReader.Read(new ImageDataSpec("stacked-mnist", Mnist), 28, limit: 100);
        Assert.Equal((100, 3, 28), (images.Count, images.Channels, images.Size));
        var data = StackedMnist.Read(Mnist);
        Assert.Equal(data.Draw(StackedMnist.ReferenceSeed, 0, 100), images.Pixels);
        Assert.Equal(StackedMnist.DefaultReferenceCount, ImageDatasetReader.Read(new ImageDataSpec("stacked-mnist", Mnist), 28).Count);
        Assert.Contains("28×28", Assert.Throws<InputException>(() => ImageDatasetReader.Read(new ImageDataSpec("stacked-mnist", Mnist), 64)).Message);
        Assert.Equal(new ImageDataSpec("stacked-mnist", "a.gz"), ImageDataSpec.TryParse("stacked-mnist:a.gz"));
    }

    [SharedFact]
    public void MissingOrForeignLabelsAreOneLineErrors()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var images = Path.Combine(dir, "t10k-images-idx3-ubyte.gz");
            File.Copy(Mnist, images);
            var e = Assert.Throws<InputException>(() => StackedMnist.Read(images));
            Assert.Contains("t10k-labels-idx1-ubyte.gz: no such file", e.Message);
            // A labels file with a label 12 names the position.
            using (var gz = new GZipStream(File.Create(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz")), CompressionLevel.Fastest))
            {
                var bytes = new byte[8 + 10_000];
                bytes[2] = 8; bytes[3] = 1; bytes[6] = 0x27; bytes[7] = 0x10; // magic 0x801, count 10,000
                bytes[8 + 5] = 12;
                gz.Write(bytes);
            }
            Assert.Contains("label 5 is 12", Assert.Throws<InputException>(() => StackedMnist.Read(images)).Message);
            File.Copy(Mnist, Path.Combine(dir, "digits.gz"));
            Assert.Contains("images-idx3", Assert.Throws<InputException>(() => StackedMnist.Read(Path.Combine(dir, "digits.gz"))).Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
