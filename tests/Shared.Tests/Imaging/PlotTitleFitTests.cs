using MmaGan.Shared.Imaging;
using Xunit;

namespace MmaGan.Shared.Tests.Imaging;

/// <summary>a plot title wider than the picture leaves it ran past the left edge; it is fitted instead.</summary>
public class PlotTitleFitTests
{
    /// <summary>A stand-in for a font: every character is 0.6 × the font size wide.</summary>
    static float Widest(string text, float size) => text.Split('\n').Max(l => l.Length) * 0.6f * size;

    [Fact]
    public void AFittingTitleKeepsItsSize()
    {
        Assert.Equal(("run: losses", 16f), PlotTitleFit.Fit("run: losses", 700, 16, Widest));
    }

    [Fact]
    public void AWideTitleGetsASmallerFont_AndBeyondTheSmallestItsFirstLineIsShortenedInTheMiddle()
    {
        var (text, size) = PlotTitleFit.Fit("a-long-run-name-of-sixty-characters-or-so-from-a-sweep-s1: losses\n(mean over bins)", 400, 16, Widest);
        Assert.True(size < 16 && size >= PlotTitleFit.SmallestFontSize);
        Assert.True(Widest(text, size) <= 400);
        Assert.DoesNotContain("…", text);

        var name = new string('x', 150) + ": critic";
        (text, size) = PlotTitleFit.Fit(name + "\n(mean over bins of 17 logged steps)", 600, 16, Widest);
        Assert.Equal(PlotTitleFit.SmallestFontSize, size);
        Assert.True(Widest(text, size) <= 600);
        var first = text.Split('\n')[0];
        Assert.Contains("…", first);
        Assert.StartsWith("xxxx", first);
        Assert.EndsWith(": critic", first);
        Assert.Equal("(mean over bins of 17 logged steps)", text.Split('\n')[1]);
    }
}
