using MmaGan.Shared.Datasets;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using StbImageWriteSharp;
using Xunit;

namespace MmaGan.Shared.Tests.Datasets;

public class ImageDatasetTests
{
    /// <summary>A 1×1 GIF89a whose only pixel is colour-table entry 0 = white (no extension blocks).</summary>
    static readonly byte[] WhiteGif =
    [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00,
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    static string TempDir() => Directory.CreateTempSubdirectory("mmagan-ds-").FullName;

    static void Png(string path, int w, int h, byte value) => ImageFile.WritePng(path, new Image8(w, h, 3, Enumerable.Repeat(value, w * h * 3).ToArray()));

    [Fact]
    public void Specs_AreRecognisedByKind_PlainPathsAreNot()
    {
        Assert.Equal(new ImageDataSpec("mnist", "a/b.gz"), ImageDataSpec.TryParse("mnist:a/b.gz"));
        Assert.Equal(new ImageDataSpec("images", "/d:x"), ImageDataSpec.TryParse("images:/d:x"));
        Assert.Null(ImageDataSpec.TryParse("/data/cifar10"));
        Assert.Null(ImageDataSpec.TryParse("celeba:/x"));
        Assert.Contains("needs a path", Assert.Throws<InputException>(() => ImageDataSpec.TryParse("cifar10:")).Message);
    }

    [Fact]
    public void Listing_CountsWhatItSkips_AndRecursiveReadsSubfolders()
    {
        var dir = TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        for (var i = 0; i < 10; i++)
        {
            Png(Path.Combine(dir, $"{i:D2}.png"), 4, 4, 0);
            Png(Path.Combine(dir, "sub", $"{i:D2}.png"), 4, 4, 0);
        }
        File.WriteAllText(Path.Combine(dir, "labels.txt"), "x");
        var flat = ImageFolderListing.Of(dir, recursive: false);
        Assert.Equal((10, 1, 10), (flat.Files.Length, flat.SkippedNonImages, flat.SkippedInSubfolders));
        Assert.Equal($"{dir}: read 10 of 10 images; skipped 1 non-image file(s) and 10 file(s) in subfolders (read them with --recursive)", flat.Summary(10));
        var deep = ImageFolderListing.Of(dir, recursive: true);
        Assert.Equal((20, 1, 0), (deep.Files.Length, deep.SkippedNonImages, deep.SkippedInSubfolders));
        Assert.Equal(Path.Combine(dir, "sub", "00.png"), deep.Files[10]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void BmpTgaAndGif_AreRead()
    {
        var dir = TempDir();
        var pixels = Enumerable.Range(0, 2 * 3 * 3).Select(i => (byte)(i * 10)).ToArray();
        using (var s = File.Create(Path.Combine(dir, "a.bmp"))) new ImageWriter().WriteBmp(pixels, 3, 2, ColorComponents.RedGreenBlue, s);
        using (var s = File.Create(Path.Combine(dir, "b.tga"))) new ImageWriter().WriteTga(pixels, 3, 2, ColorComponents.RedGreenBlue, s);
        File.WriteAllBytes(Path.Combine(dir, "c.gif"), WhiteGif);
        var listing = ImageFolderListing.Of(dir, recursive: false);
        Assert.Equal(3, listing.Files.Length);
        Assert.Equal(pixels, ImageFile.Read(listing.Files[0]).Pixels);
        Assert.Equal(pixels, ImageFile.Read(listing.Files[1]).Pixels);
        var gif = ImageFile.Read(listing.Files[2]);
        Assert.Equal((1, 1), (gif.Width, gif.Height));
        Assert.Equal([255, 255, 255], gif.Pixels);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ImagesSpec_IsRecursive_CentreCroppedAndResized()
    {
        var dir = TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        Png(Path.Combine(dir, "a.png"), 80, 64, 10);
        Png(Path.Combine(dir, "sub", "b.png"), 64, 64, 200);
        var lines = new List<string>();
        var d = ImageDatasetReader.Read(new ImageDataSpec("images", dir), 32, log: lines.Add);
        Assert.Equal((2, 3, 32), (d.Count, d.Channels, d.Size));
        Assert.Equal(10, d.Pixels[0]);
        Assert.Equal(200, d.Pixels[3 * 32 * 32]);
        Assert.Contains("read 2 of 2 images", Assert.Single(lines));
        Assert.Equal(1, ImageDatasetReader.Read(new ImageDataSpec("images", dir), 64, limit: 1).Count);
        Assert.Contains("--image-size", Assert.Throws<InputException>(() => ImageDatasetReader.Read(new ImageDataSpec("cifar10", dir), 64)).Message);
        Directory.Delete(dir, true);
    }
}
