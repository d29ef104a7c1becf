using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using ScottPlot;
using MmaGan.Shared.Runs;

namespace MmaGan.Train.Plots;

/// <summary>
/// <c>RUN/plots/</c> from a run's logs (ScottPlot PNGs): <c>losses.png</c> (loss_d, loss_g, and MMA-GAN's loss_g_div),
/// <c>activations.png</c> (MMA-GAN's per-mode activations a_1..a_K), <c>wasserstein.png</c> (WGAN-GP's Wasserstein estimate
/// and gradient penalty) and the toy metrics over steps (<c>toy-modes.png</c>, <c>toy-hq-fraction.png</c>,
/// <c>toy-reverse-kl.png</c>, each axis spanning the metric's domain), the image metrics of <c>--eval-every</c> (<c>eval-fid.png</c>, <c>eval-is-mean.png</c>, …), each written
/// only when its columns exist. Long logs are averaged over equal bins of steps, and the title says so.
/// </summary>
public static class RunPlots
{
    public const int Width = 800, Height = 450;
    const int Bins = 300;

    /// <summary>Writes the plots of <paramref name="runDir"/>; returns the files written.</summary>
    public static List<string> Write(string runDir)
    {
        var losses = CurveFile.TryRead(LossLogFile.PathOf(runDir))
            ?? throw InputException.ForFile(LossLogFile.PathOf(runDir), "no losses logged yet (is this a run folder?)");
        var name = Path.GetFileName(Path.GetFullPath(runDir).TrimEnd('/'));
        var dir = Path.Combine(runDir, "plots");
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        void Plot(string file, string title, CurveFile log, string[] columns, string yLabel, (double Low, double? High)? domain = null)
        {
            if (columns.Length == 0) return;
            var path = Path.Combine(dir, file);
            Curves(path, $"{name}: {title}", log, columns, yLabel, domain);
            written.Add(path);
        }
        Plot("losses.png", "losses", losses, [.. losses.Columns.Where(c => c is "loss_d" or "loss_g" or "loss_g_div")], "loss");
        Plot("activations.png", "per-mode activations a_k", losses, [.. losses.Columns.Where(c => c.StartsWith("a_", StringComparison.Ordinal))], "activation A_k", (0, 1));
        Plot("wasserstein.png", "critic", losses, [.. losses.Columns.Where(c => c is "wasserstein_estimate" or "gradient_penalty")], "value");
        if (CurveFile.TryRead(Path.Combine(runDir, "metrics.csv")) is { } metrics)
        {
            var config = Training.RunConfigFile.Read(runDir);
            var data = config.Data;
            if (Shared.Toy.ToyMixture.IsToy(data))
            {
                var modes = Shared.Toy.ToyMixture.Get(data).Centres.Length;
                Plot("toy-modes.png", $"modes covered (of {modes})", metrics, [.. metrics.Columns.Where(c => c.StartsWith("modes_covered", StringComparison.Ordinal))], "modes", (0, modes));
                Plot("toy-hq-fraction.png", "high-quality fraction", metrics, [.. metrics.Columns.Where(c => c == "hq_fraction")], "HQ fraction", (0, 1));
                Plot("toy-reverse-kl.png", "reverse KL", metrics, [.. metrics.Columns.Where(c => c == "reverse_kl")], "reverse KL (nats)", (0, null));
            }
            else
            {
                // The image metrics of --eval-every: one plot per value (eval-fid.png, eval-modes-covered.png, …; spreads such as
                // is_std are not drawn alone), labelled and bounded as the registry says.
                var n = config.EvalN;
                foreach (var metric in MetricRegistry.All.Where(m => m.Generated != MetricInput.ToySamples))
                {
                    var keys = metric.Results.Where(k => k.Better != Better.Neither && metrics.Column(k.Key) is not null).ToList();
                    foreach (var key in keys)
                    {
                        var title = (keys.Count == 1 ? key.Display : $"{key.Display} ({metric.DisplayName})") + $", n = {n:N0}";
                        (double, double?)? domain = double.IsFinite(key.Low) ? (key.Low, key.High) : null;
                        Plot($"eval-{key.Key.Replace('_', '-')}.png", title, metrics, [key.Key], key.Display, domain);
                    }
                }
            }
        }
        return written;
    }

    static void Curves(string path, string title, CurveFile log, string[] columns, string yLabel, (double Low, double? High)? domain)
    {
        var plot = new Plot();
        var step = log.Column("step")!;
        var colours = Colours(columns.Length);
        var smoothed = step.Length > Bins;
        for (var i = 0; i < columns.Length; i++)
        {
            var (x, y) = CurveFile.Binned(step, log.Column(columns[i])!, Bins);
            var line = plot.Add.ScatterLine(x, y);
            line.LegendText = columns[i];
            line.LineWidth = 1.5f;
            line.Color = colours[i];
            if (x.Length <= 60) { line.MarkerSize = 4; }
        }
        var titleText = smoothed ? $"{title}\n(mean over bins of {Math.Ceiling((double)step.Length / Bins):F0} logged steps)" : title;
        plot.Title(titleText);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        if (domain is { } d)
        {
            // A metric axis spans its domain, never beyond (e.g. a fraction stays within 0..1).
            var high = d.High ?? Math.Max(d.Low + 1e-9, columns.SelectMany(c => log.Column(c)!).Where(double.IsFinite).DefaultIfEmpty(1).Max());
            var pad = 0.02 * (high - d.Low);
            plot.Axes.SetLimitsY(d.Low - pad, high + pad);
        }
        var rows = Shared.Imaging.CurveColours.LegendRowsBelow(columns.Length);
        if (rows == 0) plot.ShowLegend(Edge.Right);
        else
        {
            // Many curves (16 MMA-GAN heads): a legend in rows under the plot, so that it neither wraps into a second column
            // beside the plot nor takes its width; the picture grows by its rows.
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
        }
        var height = Height + 22 * rows;
        // The title is centred over the data area, which the legend and the axis labels narrow: lay the plot out once, then
        // fit the title to the width that centre leaves on both sides (a wider one was cut at the picture's left edge).
        plot.GetImageBytes(Width, height, ImageFormat.Png);
        var data = plot.RenderManager.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        FitTitle(plot, titleText, (int)(2 * Math.Min(centre, Width - centre)) - 2 * TitleMargin);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, height, ImageFormat.Png));
    }

    /// <summary>Pixels kept free at each side of the title.</summary>
    const int TitleMargin = 8;
    /// <summary>The title in the largest font whose every line fits <paramref name="maxWidth"/> pixels (<see cref="Shared.Imaging.PlotTitleFit"/>).</summary>
    internal static void FitTitle(Plot plot, string text, int maxWidth)
    {
        plot.Title(text);
        var label = plot.Axes.Title.Label;
        using var paint = Paint.NewDisposablePaint();
        float Widest(string t, float size)
        {
            (label.Text, label.FontSize) = (t, size);
            var measured = label.Measure(paint);
            return measured.LineWidths.DefaultIfEmpty(measured.Width).Max();
        }
        (label.Text, label.FontSize) = Shared.Imaging.PlotTitleFit.Fit(text, maxWidth, label.FontSize, Widest);
    }

    /// <summary>One distinct colour per curve (<see cref="Shared.Imaging.CurveColours"/>).</summary>
    public static Color[] Colours(int count) => [.. Shared.Imaging.CurveColours.For(count).Select(c => new Color(c.R, c.G, c.B))];
}
