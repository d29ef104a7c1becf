using MmaGan.Shared.Imaging;
using MmaGan.Shared.Toy;
using MmaGan.Train.Training;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Training;

/// <summary>The toy comparison picture: one panel per run, so that no run's points hide another's.</summary>
public class SampleSheetTests
{
    [Fact]
    public void CaptionsNameTheMethodAsTheBenchTablesDo()
    {
        Assert.Equal("DCGAN", SampleSheet.MethodLabel(new MmaGan.Train.Config.TrainConfig { Method = MmaGan.Train.Config.GanMethod.Dcgan }));
        Assert.Equal("PacGAN2", SampleSheet.MethodLabel(new MmaGan.Train.Config.TrainConfig { Method = MmaGan.Train.Config.GanMethod.Dcgan, Pack = 2 }));
        Assert.Equal("WGAN-GP (packs of 3)", SampleSheet.MethodLabel(new MmaGan.Train.Config.TrainConfig { Method = MmaGan.Train.Config.GanMethod.WganGp, Pack = 3 }));
    }

    [Fact]
    public void ToyPanelsAreOnePanelPerRunSideBySideUnderTheTitle()
    {
        var ring = ToyMixture.Get("ring8-pacgan");
        var xy = ring.Centres.SelectMany(c => new[] { (float)c.X, (float)c.Y }).ToArray();
        var series = new List<(string, float[])> { ("GAN (a)\n8/8 modes", xy), ("PacGAN2 (b)", xy), ("MMA-GAN (c)", xy) };
        var path = Path.Combine(SharedFixtures.TempDir(), "ring.png");
        SampleSheet.WriteToyPanels(path, ring, series, "samples over the 8 true centres", panelSide: 200);
        var image = ImageFile.Decode(File.ReadAllBytes(path), path);
        Assert.Equal(3 * 200, image.Width);   // three panels of 200 px, no padding
        Assert.True(image.Height > 200);      // the panels and the caption above them
    }

    [Fact]
    public void DigitSizedTilesAreDrawnTwiceAsLarge()
    {
        var path = Path.Combine(SharedFixtures.TempDir(), "grid.png");
        var batch = Enumerable.Range(0, 16 * 3 * 28 * 28).Select(i => (float)Math.Sin(i)).ToArray();
        SampleSheet.WriteImageGrid(path, batch, [3, 28, 28]);
        var grid = ImageFile.Decode(File.ReadAllBytes(path), path);
        Assert.Equal(8 * 56 + 9 * 2, grid.Width); // 8 columns of 56 px between 2-px borders
        var big = SampleSheet.Enlarge(new Image8(1, 1, 3, [1, 2, 3]), 2);
        Assert.Equal([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], big.Pixels);
    }
}
