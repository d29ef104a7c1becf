using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Imaging;

public class ImageFileTests
{
    [Fact]
    public void PngRoundTripsAndTensorsConvertBothWays()
    {
        float[] chw = [-1, 1, 0, 0.5f, /* G */ 1, 1, -1, -1, /* B */ 0, 0, 0, 0];
        var img = ImageTensor.FromChw(chw, 3, 2, 2);
        Assert.Equal(0, img[0, 0, 0]);
        Assert.Equal(255, img[0, 1, 0]);
        Assert.Equal(128, img[1, 0, 0]); // round(127.5) = 128 (banker's: 128 even)
        var path = Path.Combine(SharedFixtures.TempDir(), "x.png");
        ImageFile.WritePng(path, img);
        var back = ImageFile.Read(path);
        Assert.Equal(img.Pixels, back.Pixels);
        var t = ImageTensor.ToChw01(back);
        Assert.Equal(1f, t[1]);
        Assert.Equal(128 / 255f, t[2]);
    }

    [Fact]
    public void UnreadableImageNamesTheFile()
    {
        var path = Path.Combine(SharedFixtures.TempDir(), "bad.png");
        File.WriteAllText(path, "not a png");
        var e = Assert.Throws<InputException>(() => ImageFile.Read(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    [SharedFact]
    public void ReadsTheFixtureImagesAsRgb()
    {
        var img = ImageFile.Read(SharedFixtures.Reference("images/0000.png"));
        Assert.Equal((32, 32, 3), (img.Width, img.Height, img.Channels));
    }

    [Fact]
    public void GridAndCropResizeHaveTheRightSize()
    {
        var a = new Image8(4, 2, 3, new byte[24]);
        var grid = ImageGrid.Tile([a, a, a], columns: 2, padding: 1);
        Assert.Equal((11, 7), (grid.Width, grid.Height));
        var big = new Image8(6, 4, 3, Enumerable.Range(0, 72).Select(i => (byte)i).ToArray());
        var small = ImageTensor.CenterCropResize(big, 2);
        Assert.Equal((2, 2), (small.Width, small.Height));
    }
}
