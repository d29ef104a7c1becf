using MmaGan.Shared.Imaging;
using MmaGan.TestSupport;
using MmaGan.Train.Plots;
using Xunit;

namespace MmaGan.Train.Tests.Plots;

/// <summary>16 MMA-GAN heads reused colours (Category20 pairs each hue with a paler copy) and wrapped the
/// legend; a long run's binning note was cut at the picture's left edge.</summary>
public class RunPlotsTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(25)]
    [InlineData(40)]
    public void EveryCurveHasItsOwnColour(int curves)
    {
        var colours = RunPlots.Colours(curves);
        Assert.Equal(curves, colours.Distinct().Count());
        // Beyond Category10: no two share a hue (Category20 paired each with a paler copy) and none is pale on the white background.
        if (curves > 10)
            for (var i = 0; i < curves; i++)
            {
                Assert.InRange(colours[i].Luminance, 0.3, 0.65);
                for (var j = i + 1; j < curves; j++)
                    Assert.True(HueDistance(colours[i], colours[j]) > 0.9 / curves, $"colours {i + 1} and {j + 1} share a hue: {colours[i].ToHex()} {colours[j].ToHex()}");
            }
        // Neighbouring heads are far apart on the colour wheel.
        if (curves > 10)
            for (var i = 0; i + 1 < curves; i++) Assert.True(HueDistance(colours[i], colours[i + 1]) > 0.2, $"curves {i + 1} and {i + 2}");
    }

    static double HueDistance(ScottPlot.Color a, ScottPlot.Color b)
    {
        var d = Math.Abs(a.Hue - b.Hue);
        return Math.Min(d, 1 - d);
    }

    [Fact]
    public void SixteenHeadsGetALegendInRowsUnderThePlot_AndALongTitleStillFits()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "a-long-run-folder-name-of-a-sweep-cifar10-mma-k16-lambda0.5-tau0.5-seed1");
        Directory.CreateDirectory(dir);
        using (var w = new StreamWriter(Path.Combine(dir, "losses.csv")))
        {
            w.WriteLine("step,epoch,loss_d,loss_g,loss_g_div," + string.Join(',', Enumerable.Range(1, 16).Select(k => $"a_{k}")));
            for (var s = 1; s <= 1000; s++)
                w.WriteLine(FormattableString.Invariant($"{s},0,{1.0 / s},{2.0 - 1.0 / s},0.5,") + string.Join(',', Enumerable.Range(1, 16).Select(k => FormattableString.Invariant($"{0.5 + 0.4 * Math.Sin(s / 100.0 + k)}"))));
        }
        var written = RunPlots.Write(dir);
        var activations = ImageFile.Decode(File.ReadAllBytes(Path.Combine(dir, "plots", "activations.png")), "activations.png");
        var losses = ImageFile.Decode(File.ReadAllBytes(Path.Combine(dir, "plots", "losses.png")), "losses.png");
        Assert.Equal(RunPlots.Width, activations.Width);
        Assert.True(activations.Height > RunPlots.Height, "16 curves: the legend's rows add to the picture's height");
        Assert.Equal(RunPlots.Height, losses.Height);
        // The title is not cut: the picture's left and right edge columns of the title band are background (white).
        foreach (var image in new[] { activations, losses })
            for (var y = 0; y < 40; y++)
                foreach (var x in new[] { 0, 1, image.Width - 2, image.Width - 1 })
                    Assert.True(image[y, x, 0] > 200 && image[y, x, 1] > 200 && image[y, x, 2] > 200, $"title pixels at the edge ({x}, {y})");
        Assert.Contains(Path.Combine(dir, "plots", "activations.png"), written);
        Directory.Delete(Path.GetDirectoryName(dir)!, true);
    }
}
