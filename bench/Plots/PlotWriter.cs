using MmaGan.Bench.Reports;
using MmaGan.Bench.Stats;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using ScottPlot;
using MmaGan.Shared.Runs;

namespace MmaGan.Bench.Plots;

/// <summary>
/// The sweep's figures (ScottPlot PNGs in OUT/plots): per dataset and metric, the metric against each MMA-GAN hyper-parameter
/// (on a categorical axis: mean over the runs sharing that value — the other hyper-parameters and seeds pooled — with a 95%
/// bootstrap CI, and the baselines' means as dashed / dotted lines; the metric axis never leaves the metric's domain); loss
/// curves of the baselines and the best MMA-GAN configuration (mean and range over its seeds); that configuration's per-mode
/// activation curves a_1..a_K; and the final sample sheet (toy scatter over the true centres, or image grid) of each.
/// Returns the written files (relative to OUT) with captions, grouped by dataset.
/// </summary>
public static class PlotWriter
{
    public const int Width = 640, Height = 420;

    public sealed record Figure(string Dataset, string File, string Caption);

    public static List<Figure> WriteAll(string outDir, IReadOnlyList<RunResult> results, IReadOnlyList<SummaryRow> summary)
    {
        var plots = Path.Combine(outDir, "plots");
        Directory.CreateDirectory(plots);
        foreach (var stale in Directory.EnumerateFiles(plots, "*.png")) File.Delete(stale); // figures of an earlier report
        var figures = new List<Figure>();
        foreach (var dataset in results.Select(r => r.Dataset).Distinct())
        {
            var runs = results.Where(r => r.Dataset == dataset && r.Ok).ToList();
            var metrics = summary.Where(s => s.Dataset == dataset).Select(s => s.Metric).Distinct().ToList();
            var mma = runs.Where(r => r.Method == "mma").ToList();
            foreach (var metric in metrics)
            foreach (var (param, get) in new (string, Func<RunResult, double?>)[] { ("K", r => r.K), ("lambda", r => r.Lambda), ("tau", r => r.Tau) })
            {
                var values = mma.Select(get).Where(v => v is not null).Select(v => v!.Value).Distinct().Order().ToArray();
                if (values.Length < 2) continue;
                var file = $"{dataset}_{metric}_vs_{param}.png";
                MetricVsParameter(Path.Combine(plots, file), dataset, metric, param, values, mma, get, runs);
                figures.Add(new Figure(dataset, $"plots/{file}", $"{MetricInfo.Display(metric)} vs {(param == "lambda" ? "λ" : param == "tau" ? "τ" : "K")}"));
            }
            var primary = MetricInfo.Primary(metrics);
            var showcase = new List<string>();
            foreach (var baseline in new[] { "dcgan", "wgan-gp" })
                if (runs.Any(r => r.Method == baseline)) showcase.Add(runs.First(r => r.Method == baseline).ConfigId);
            if (primary is not null && mma.Count > 0)
            {
                var sign = -MetricInfo.Sign(primary);
                // Ties on the primary metric (e.g. reverse KL saturated at log K) are broken by modes covered, then HQ fraction.
                double Mean(string configId, string metric) =>
                    summary.FirstOrDefault(s => s.ConfigId == configId && s.Metric == metric) is { } r && double.IsFinite(r.Mean) ? r.Mean : 0;
                var best = summary.Where(s => s.Dataset == dataset && s.Method == "mma" && s.Metric == primary && double.IsFinite(s.Mean))
                    .OrderBy(s => sign * s.Mean).ThenByDescending(s => Mean(s.ConfigId, "modes_covered_hq"))
                    .ThenByDescending(s => Mean(s.ConfigId, "hq_fraction")).FirstOrDefault();
                if (best is not null) showcase.Add(best.ConfigId);
            }
            foreach (var configId in showcase)
            {
                var seeds = runs.Where(r => r.ConfigId == configId).OrderBy(r => r.Seed).ToList();
                var run = seeds[0];
                var label = run.Spec.Label;
                var best = run.Method == "mma" ? " (best MMA-GAN configuration)" : "";
                var logs = seeds.Select(r => CurveFile.TryRead(LossLogFile.PathOf(r.RunDir))).OfType<CurveFile>().ToList();
                if (logs.Count > 0)
                {
                    var seedText = logs.Count == 1 ? $"seed {run.Seed}" : $"mean and range over {logs.Count} seeds";
                    var file = $"{configId}_losses.png";
                    Curves(Path.Combine(plots, file), $"{label}: losses\n{seedText}", logs,
                        logs[0].Columns.Where(c => c is "loss_d" or "loss_g" or "loss_g_div" or "wasserstein_estimate").ToArray(), "loss", null);
                    figures.Add(new Figure(dataset, $"plots/{file}", $"{label}{best}: loss curves ({seedText})"));
                    var acts = logs[0].Columns.Where(c => c.StartsWith("a_", StringComparison.Ordinal)).ToArray();
                    if (acts.Length > 0)
                    {
                        file = $"{configId}_activations.png";
                        Curves(Path.Combine(plots, file), $"{label}: per-mode activations\n{seedText}", logs, acts, "activation A_k", (0, 1));
                        figures.Add(new Figure(dataset, $"plots/{file}", $"{label}{best}: per-mode activations a_1..a_{acts.Length} ({seedText})"));
                    }
                }
                var samples = Path.Combine(run.RunDir, "samples");
                if (Directory.Exists(samples) && Directory.EnumerateFiles(samples, "*.png").Order(StringComparer.Ordinal).LastOrDefault() is { } last)
                {
                    var file = $"{configId}_samples.png";
                    File.Copy(last, Path.Combine(plots, file), overwrite: true);
                    figures.Add(new Figure(dataset, $"plots/{file}", $"{label}{best}: final samples (seed {run.Seed}, {Path.GetFileNameWithoutExtension(last)})"));
                }
            }
        }
        return figures;
    }

    static void MetricVsParameter(string path, string dataset, string metric, string param, double[] values, List<RunResult> mma,
        Func<RunResult, double?> get, List<RunResult> all)
    {
        var plot = new Plot();
        var means = new double[values.Length];
        var lows = new double[values.Length];
        var highs = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = mma.Where(r => get(r) == values[i] && r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).Where(double.IsFinite).ToList();
            var ci = Bootstrap.Mean(v);
            (means[i], lows[i], highs[i]) = (ci.Estimate, ci.Low, ci.High);
        }
        // A categorical axis: the swept values are a grid of settings, not a continuum (two K values get two ticks).
        var positions = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < values.Length; i++) ticks.AddMajor(i, values[i].ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        var palette = new ScottPlot.Palettes.Category10();
        var line = plot.Add.Scatter(positions, means);
        line.LegendText = "MMA-GAN (mean, 95% CI)";
        line.MarkerSize = 8;
        line.Color = palette.GetColor(0);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(lows[i])) continue;
            var bar = plot.Add.Line(i, lows[i], i, highs[i]);
            bar.Color = line.Color;
            bar.LineWidth = 2;
        }
        var shown = new List<double>(means.Concat(lows).Concat(highs));
        // Baselines: distinct colour, pattern and width, and the value in the legend, so equal lines stay distinguishable.
        var styles = new[] { (Pattern: LinePattern.Dashed, Width: 3f), (Pattern: LinePattern.Dotted, Width: 2f) };
        var c = 0;
        foreach (var baseline in new[] { "dcgan", "wgan-gp" })
        {
            var v = all.Where(r => r.Method == baseline && r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).Where(double.IsFinite).ToList();
            if (v.Count == 0) continue;
            var h = plot.Add.HorizontalLine(v.Average());
            h.Color = palette.GetColor(1 + c);
            h.LinePattern = styles[c].Pattern;
            h.LineWidth = styles[c].Width;
            h.LegendText = $"{MetricInfo.MethodDisplay(baseline)} (mean {v.Average().ToString("G3", System.Globalization.CultureInfo.InvariantCulture)})";
            shown.Add(v.Average());
            c++;
        }
        plot.MoveToFront(line); // MMA-GAN's markers stay visible where a baseline line has the same value
        var modesTotal = all.Select(r => r.Metrics.GetValueOrDefault("modes_total", double.NaN)).FirstOrDefault(double.IsFinite);
        SetMetricLimits(plot, shown, MetricInfo.Domain(metric, double.IsFinite(modesTotal) && modesTotal > 0 ? modesTotal : null));
        plot.Axes.SetLimitsX(-0.5, values.Length - 0.5);
        var symbol = param == "lambda" ? "λ" : param == "tau" ? "τ" : "K";
        plot.Title($"{dataset}: {MetricInfo.Display(metric)} vs {symbol} (other hyper-parameters pooled)");
        plot.XLabel(symbol);
        plot.YLabel(MetricInfo.Display(metric));
        plot.ShowLegend(Edge.Right);
        WriteWithFittedTitle(plot, path, Width + 200, Height);
    }

    /// <summary>Y limits around the finite <paramref name="values"/> with a margin, never beyond the metric's domain.</summary>
    static void SetMetricLimits(Plot plot, IEnumerable<double> values, (double Low, double? High) domain)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return;
        var (lo, hi) = (finite.Min(), finite.Max());
        var pad = Math.Max(0.08 * (hi - lo), 0.02 * Math.Max(Math.Abs(hi), 1e-3));
        lo = Math.Max(lo - pad, domain.Low);
        hi = domain.High is { } top ? Math.Min(hi + pad, top) : hi + pad;
        if (hi <= lo) hi = lo + 1e-3;
        var edge = 0.01 * (hi - lo); // keep points drawn on the domain's edge visible
        plot.Axes.SetLimitsY(lo - edge, hi + edge);
    }

    const int Bins = 200;

    /// <summary>
    /// One line per column: the mean over seeds of each seed's curve (binned to at most <see cref="Bins"/> points: the title
    /// says when it is smoothed), with a band from the lowest to the highest seed when there are several. Each column has its
    /// own colour (<see cref="Shared.Imaging.CurveColours"/>: Category20's pale copies made 16 heads look like 8); the legend sits
    /// outside the data, beside it for up to 10 columns, in rows under it beyond.
    /// </summary>
    static void Curves(string path, string title, IReadOnlyList<CurveFile> files, string[] columns, string yLabel, (double Low, double High)? domain)
    {
        var plot = new Plot();
        var colours = Shared.Imaging.CurveColours.For(columns.Length);
        var steps = files[0].Column("step")!;
        var smoothed = steps.Length > Bins;
        var shown = new List<double>();
        for (var ci = 0; ci < columns.Length; ci++)
        {
            var curves = files.Select(f => (f.Column("step"), f.Column(columns[ci]))).Where(t => t.Item1 != null && t.Item2 != null)
                .Select(t => CurveFile.Binned(t.Item1!, t.Item2!, Bins)).ToList();
            if (curves.Count == 0) continue;
            var n = curves.Min(c => c.X.Length);
            var x = curves[0].X[..n];
            var mean = Enumerable.Range(0, n).Select(i => curves.Select(c => c.Y[i]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()).ToArray();
            var color = new Color(colours[ci].R, colours[ci].G, colours[ci].B);
            if (curves.Count > 1)
            {
                var low = Enumerable.Range(0, n).Select(i => curves.Min(c => c.Y[i])).ToArray();
                var high = Enumerable.Range(0, n).Select(i => curves.Max(c => c.Y[i])).ToArray();
                var band = plot.Add.FillY(x, low, high);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
                shown.AddRange(low);
                shown.AddRange(high);
            }
            var line = plot.Add.ScatterLine(x, mean);
            line.LegendText = columns[ci];
            line.LineWidth = 1.5f;
            line.Color = color;
            shown.AddRange(mean);
        }
        plot.Title(smoothed ? $"{title}; smoothed: mean over bins of {Math.Ceiling((double)steps.Length / Bins):F0} steps" : title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        if (domain is { } d) SetMetricLimits(plot, shown, (d.Low, d.High));
        var rows = Shared.Imaging.CurveColours.LegendRowsBelow(columns.Length);
        if (rows == 0) plot.ShowLegend(Edge.Right);
        else
        {
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
        }
        WriteWithFittedTitle(plot, path, Width + 160, Height + 22 * rows);
    }

    /// <summary>
    /// Writes the plot as a PNG after fitting its title (<see cref="Shared.Imaging.PlotTitleFit"/>) to the width the data area's
    /// centre leaves on both sides: ScottPlot centres the title over the data, which the legend narrows, and a wider title
    /// ran past the picture's left edge (WGAN-GP's "mean and range over 2 seeds; smoothed: …" lost its first letters).
    /// </summary>
    static void WriteWithFittedTitle(Plot plot, string path, int width, int height)
    {
        plot.GetImageBytes(width, height, ImageFormat.Png);   // the layout, to know where the data area is
        var data = plot.RenderManager.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        var label = plot.Axes.Title.Label;
        using var paint = Paint.NewDisposablePaint();
        float Widest(string t, float size)
        {
            (label.Text, label.FontSize) = (t, size);
            var measured = label.Measure(paint);
            return measured.LineWidths.DefaultIfEmpty(measured.Width).Max();
        }
        (label.Text, label.FontSize) = Shared.Imaging.PlotTitleFit.Fit(label.Text, 2 * Math.Min(centre, width - centre) - 16, label.FontSize, Widest);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }
}
