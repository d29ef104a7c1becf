using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using ScottPlot;
using SkiaSharp;

namespace MmaGan.Train.Comparison;

/// <summary>
/// The overlaid curves of a comparison, as one PNG: a panel per quantity that at least two of the runs logged (each loss,
/// MMA-GAN's mean activation, each metric of metrics.csv), one colour per run in every panel, and one legend below the panels
/// naming each run with the settings that differ. Long logs are averaged over equal bins of steps (as <c>plot</c> does).
/// </summary>
public static class ComparisonPlot
{
    public const int PanelWidth = 560, PanelHeight = 320, Columns = 2, MaxRuns = 20;
    const int Bins = 300;

    /// <summary>The quantities the panels show: those logged by at least two runs (by the one run when only one is given).</summary>
    public static IReadOnlyList<string> Quantities(IReadOnlyList<RunFolder> runs)
    {
        var candidates = RunComparison.LossColumnsOf(runs).Concat(RunComparison.MetricColumns(runs));
        var needed = Math.Min(2, runs.Count);
        return [.. candidates.Where(c => runs.Count(r => RunComparison.Curve(r, c) is not null) >= needed)];
    }

    /// <summary>Writes the PNG; returns the quantities plotted. One line when the runs share nothing to plot.</summary>
    public static IReadOnlyList<string> Write(string path, IReadOnlyList<RunFolder> runs)
    {
        if (runs.Count > MaxRuns) throw new InputException($"at most {MaxRuns} runs can be told apart in one plot ({runs.Count} given)");
        var quantities = Quantities(runs);
        if (quantities.Count == 0) throw new InputException($"{string.Join(", ", runs.Select(r => r.Dir))}: no loss or metric that two of these runs both logged");
        var differing = RunComparison.DifferingSettings(runs);
        var labels = runs.Select(r => RunComparison.Label(r, differing)).ToList();
        IPalette palette = runs.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        var panels = quantities.Select(q => Panel(q, runs, palette)).ToList();
        var grid = ImageGrid.Tile(panels, Math.Min(Columns, panels.Count), padding: 0, background: 255);
        var legend = Legend(labels, palette, grid.Width);
        var body = Stack(grid, legend);
        var smoothed = runs.Any(r => r.Losses.Values[0].Length > Bins) ? $" · long logs averaged over {Bins} bins of steps" : "";
        AtomicFile.WriteAllBytes(path, Training.CaptionedPng.Encode(body, $"{runs.Count} runs: {string.Join(", ", runs.Select(r => r.Name))}{smoothed}"));
        return quantities;
    }

    static Image8 Panel(string quantity, IReadOnlyList<RunFolder> runs, IPalette palette)
    {
        var plot = new Plot();
        var high = double.NegativeInfinity;
        for (var i = 0; i < runs.Count; i++)
        {
            if (RunComparison.Curve(runs[i], quantity) is not { } curve) continue;
            var finite = Enumerable.Range(0, Math.Min(curve.Steps.Length, curve.Values.Length)).Where(j => double.IsFinite(curve.Values[j])).ToArray();
            if (finite.Length == 0) continue;
            var (x, y) = CurveFile.Binned([.. finite.Select(j => curve.Steps[j])], [.. finite.Select(j => curve.Values[j])], Bins);
            var line = plot.Add.ScatterLine(x, y);
            line.LineWidth = 1.5f;
            line.Color = palette.GetColor(i);
            line.MarkerSize = x.Length <= 60 ? 4 : 0;
            high = Math.Max(high, y.Where(double.IsFinite).DefaultIfEmpty(double.NegativeInfinity).Max());
        }
        plot.Title(RunComparison.ColumnLabel(quantity), size: 14);
        plot.XLabel("step");
        if (Domain(quantity, runs) is { } d && double.IsFinite(high))
        {
            // A metric axis spans its domain, never beyond it (a fraction stays within 0..1, a distance above 0).
            var top = d.High ?? Math.Max(d.Low + 1e-9, high);
            var pad = 0.02 * (top - d.Low);
            plot.Axes.SetLimitsY(d.Low - pad, top + pad);
        }
        return ImageFile.Decode(plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png), quantity);
    }

    /// <summary>The metric's domain from the registry (the toys' mode counts up to their number of modes); null for losses and unbounded metrics.</summary>
    static (double Low, double? High)? Domain(string quantity, IReadOnlyList<RunFolder> runs)
    {
        if (quantity == RunComparison.MeanActivation) return (0, 1);
        if (MetricRegistry.FindKey(quantity) is not { } key || !double.IsFinite(key.Low) || key.Better == Better.Neither) return null;
        if (key.BoundedBy == "modes_total" && runs.All(r => Shared.Toy.ToyMixture.IsToy(r.Config.Data)))
            return (0, runs.Max(r => Shared.Toy.ToyMixture.Get(r.Config.Data).Centres.Length));
        return (key.Low, key.High);
    }

    /// <summary>One line per run: its colour's swatch and its label, two columns when the labels fit.</summary>
    static Image8 Legend(IReadOnlyList<string> labels, IPalette palette, int width)
    {
        const int line = 20, swatch = 26, margin = 12;
        using var font = new SKFont(SKTypeface.Default, 13);
        var widest = labels.Max(l => font.MeasureText(l)) + swatch + 2 * margin;
        var columns = widest * 2 <= width ? 2 : 1;
        var rows = (labels.Count + columns - 1) / columns;
        var height = rows * line + 12;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (var i = 0; i < labels.Count; i++)
            {
                float x = margin + i % columns * (width / columns), y = 6 + i / columns * line + line / 2f;
                var c = palette.GetColor(i);
                using var stroke = new SKPaint { Color = new SKColor(c.R, c.G, c.B), StrokeWidth = 3, IsAntialias = true };
                canvas.DrawLine(x, y, x + swatch - 6, y, stroke);
                // Labels longer than a column are cut with an ellipsis rather than run into the next column.
                var room = width / columns - swatch - 2 * margin;
                var label = labels[i];
                while (label.Length > 4 && font.MeasureText(label) > room) label = label[..^2] + "…";
                canvas.DrawText(label, x + swatch, y + 4.5f, SKTextAlign.Left, font, text);
            }
        }
        var pixels = new byte[width * height * 3];
        var rgba = bitmap.Bytes;
        for (var p = 0; p < width * height; p++)
            for (var k = 0; k < 3; k++) pixels[p * 3 + k] = rgba[p * 4 + k];
        return new Image8(width, height, 3, pixels);
    }

    /// <summary><paramref name="top"/> above <paramref name="bottom"/> (same width).</summary>
    static Image8 Stack(Image8 top, Image8 bottom)
    {
        var pixels = new byte[top.Pixels.Length + bottom.Pixels.Length];
        top.Pixels.CopyTo(pixels, 0);
        bottom.Pixels.CopyTo(pixels, top.Pixels.Length);
        return new Image8(top.Width, top.Height + bottom.Height, 3, pixels);
    }
}
