using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Toy;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>Sample sheets from a fixed latent batch: an 8-column PNG grid of images, or a scatter over the toy centres.</summary>
public static class SampleSheet
{
    /// <summary>Runs G in eval mode on <paramref name="z"/> and returns the samples on the CPU as floats.</summary>
    public static float[] Generate(nn.Module<Tensor, Tensor> generator, Tensor z)
    {
        var wasTraining = generator.training;
        generator.eval();
        try
        {
            using var _ = no_grad();
            using var x = generator.call(z);
            return x.cpu().data<float>().ToArray();
        }
        finally { if (wasTraining) generator.train(); }
    }

    /// <summary>"MMA-GAN K=8 λ=0.5 τ=0.5 · mnist · step 500 · fixed latents": method names as the bench tables write them.</summary>
    public static string Caption(Config.TrainConfig config, long step) =>
        $"{MethodLabel(config)} · {Data.DataSpec.DatasetName(config.Data)} · step {step} · fixed latents";

    /// <summary>"MMA-GAN K=8 λ=0.5 τ=0.5", "DCGAN", "PacGAN2" (DCGAN on packs of 2) or "WGAN-GP"; other methods on packs of m
    /// add " (packs of m)".</summary>
    public static string MethodLabel(Config.TrainConfig config) => config.Method switch
    {
        Config.GanMethod.Dcgan => config.Pack > 1 ? $"PacGAN{config.Pack}" : "DCGAN",
        Config.GanMethod.Mma => FormattableString.Invariant($"MMA-GAN K={config.Heads} λ={config.EffectiveLambda} τ={config.Tau}") + Packs(config),
        _ => "WGAN-GP" + Packs(config),
    };

    static string Packs(Config.TrainConfig config) => config.Pack > 1 ? $" (packs of {config.Pack})" : "";

    /// <summary>Mid-grey tile borders: visible between MNIST's black backgrounds and between white ones alike.</summary>
    public const byte BorderGrey = 128;

    /// <summary>Tiles of at most this many pixels a side are drawn twice as large (nearest neighbour): 28-pixel digits in an
    /// 8-column grid would otherwise be a 240-pixel picture whose strokes cannot be read.</summary>
    public const int SmallTileSide = 32;

    /// <summary>An 8-column grid with <see cref="BorderGrey"/> borders; with a <paramref name="label"/>, a caption band above it.</summary>
    public static void WriteImageGrid(string path, float[] chwBatch, long[] sampleShape, string? label = null)
    {
        int c = (int)sampleShape[0], h = (int)sampleShape[1], w = (int)sampleShape[2];
        var n = chwBatch.Length / (c * h * w);
        var scale = Math.Max(h, w) <= SmallTileSide ? 2 : 1;
        var images = Enumerable.Range(0, n)
            .Select(i => Enlarge(ImageTensor.FromChw(chwBatch.AsSpan(i * c * h * w, c * h * w), c, h, w), scale)).ToList();
        var grid = ImageGrid.Tile(images, columns: 8, padding: 2, background: BorderGrey);
        if (label is null) ImageFile.WritePng(path, grid);
        else AtomicFile.WriteAllBytes(path, CaptionedPng.Encode(grid, label));
    }

    /// <summary>Each pixel repeated <paramref name="factor"/> × <paramref name="factor"/> times.</summary>
    public static Image8 Enlarge(Image8 image, int factor)
    {
        if (factor == 1) return image;
        int w = image.Width * factor, h = image.Height * factor, c = image.Channels;
        var pixels = new byte[w * h * c];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var k = 0; k < c; k++) pixels[(y * w + x) * c + k] = image[y / factor, x / factor, k];
        return new Image8(w, h, c, pixels);
    }

    public static void WriteToyScatter(string path, ToyMixture mixture, IReadOnlyList<(string Label, float[] Xy)> series, string title)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var xy = series[s].Xy;
            var xs = Enumerable.Range(0, xy.Length / 2).Select(i => (double)xy[2 * i]).ToArray();
            var ys = Enumerable.Range(0, xy.Length / 2).Select(i => (double)xy[2 * i + 1]).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys, palette.GetColor(s).WithAlpha(0.35));
            points.MarkerSize = 3;
            points.LegendText = series[s].Label;
        }
        var centres = plot.Add.ScatterPoints(mixture.Centres.Select(c => c.X).ToArray(), mixture.Centres.Select(c => c.Y).ToArray(), ScottPlot.Colors.Black);
        centres.MarkerShape = ScottPlot.MarkerShape.Cross;
        centres.MarkerSize = 10;
        centres.LegendText = "true centres";
        var extent = mixture.Centres.Max(c => Math.Max(Math.Abs(c.X), Math.Abs(c.Y))) + 1;
        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        plot.Title(title);
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(700, 700, ScottPlot.ImageFormat.Png));
    }

    /// <summary>
    /// One scatter panel per series over the true centres (its label as the panel's title), side by side in one PNG under
    /// <paramref name="title"/>: points of different runs never hide each other, as they do in one overlaid scatter.
    /// </summary>
    public static void WriteToyPanels(string path, ToyMixture mixture, IReadOnlyList<(string Label, float[] Xy)> series, string title, int panelSide = 360)
    {
        var extent = mixture.Centres.Max(c => Math.Max(Math.Abs(c.X), Math.Abs(c.Y))) + 1;
        var palette = new ScottPlot.Palettes.Category10();
        var panels = new List<Image8>();
        for (var s = 0; s < series.Count; s++)
        {
            var plot = new ScottPlot.Plot();
            var xy = series[s].Xy;
            var points = plot.Add.ScatterPoints(
                Enumerable.Range(0, xy.Length / 2).Select(i => (double)xy[2 * i]).ToArray(),
                Enumerable.Range(0, xy.Length / 2).Select(i => (double)xy[2 * i + 1]).ToArray(), palette.GetColor(s).WithAlpha(0.35));
            points.MarkerSize = 3;
            var centres = plot.Add.ScatterPoints(mixture.Centres.Select(c => c.X).ToArray(), mixture.Centres.Select(c => c.Y).ToArray(), ScottPlot.Colors.Black);
            centres.MarkerShape = ScottPlot.MarkerShape.Cross;
            centres.MarkerSize = 8;
            plot.Axes.SetLimits(-extent, extent, -extent, extent);
            plot.Title(series[s].Label, size: 12);
            panels.Add(ImageFile.Decode(plot.GetImageBytes(panelSide, panelSide, ScottPlot.ImageFormat.Png), series[s].Label));
        }
        var row = ImageGrid.Tile(panels, columns: panels.Count, padding: 0, background: 255);
        AtomicFile.WriteAllBytes(path, CaptionedPng.Encode(row, title));
    }
}
