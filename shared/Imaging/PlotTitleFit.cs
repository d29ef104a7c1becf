namespace MmaGan.Shared.Imaging;

/// <summary>
/// Fits a plot's title into the width its picture leaves it (the trainer's run plots, the sweep runner's figures): the
/// largest font, down to <see cref="SmallestFontSize"/>, whose every line fits; a first line too long even then (a long run
/// name) is shortened in the middle with "…". A title that did not fit ran past the picture's left edge (ScottPlot centres
/// it over the data area). The measuring is the caller's (its plotting library's), so this holds no drawing code.
/// </summary>
public static class PlotTitleFit
{
    public const float SmallestFontSize = 9;

    /// <param name="text">The title, lines separated by '\n'.</param>
    /// <param name="maxWidth">Pixels the widest line may take.</param>
    /// <param name="fontSize">The font size to start from (the largest).</param>
    /// <param name="widestLine">The width in pixels of the widest line of a text at a font size.</param>
    public static (string Text, float FontSize) Fit(string text, float maxWidth, float fontSize, Func<string, float, float> widestLine)
    {
        while (fontSize > SmallestFontSize && widestLine(text, fontSize) > maxWidth) fontSize -= 1;
        var lines = text.Split('\n');
        var original = lines[0];
        for (var keep = original.Length - 4; keep >= 8 && widestLine(string.Join('\n', lines), fontSize) > maxWidth; keep -= 4)
            lines[0] = original[..(keep / 2)] + "…" + original[^(keep - keep / 2)..];
        return (string.Join('\n', lines), fontSize);
    }
}
