using MmaGan.Bench.Reports;
using MmaGan.Bench.Stats;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using ScottPlot;

namespace MmaGan.Bench.Plots;

/// <summary>
/// The sweep's figures (ScottPlot PNGs in OUT/plots): per dataset and metric, the metric against each MMA-GAN hyper-parameter
/// (mean over the runs sharing that value — the other hyper-parameters and seeds pooled — with a 95% bootstrap CI, and the
/// baselines' means as dashed lines); loss curves of the baselines and the best MMA-GAN configuration; that configuration's
/// per-mode activation curves a_1..a_K; and the final sample sheet (toy scatter over the true centres, or image grid) of each.
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
                var sign = MetricInfo.HigherIsBetter(primary) ? -1 : 1;
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
                var run = runs.Where(r => r.ConfigId == configId).OrderBy(r => r.Seed).First();
                var label = run.Spec.Label;
                var best = run.Method == "mma" ? " (best MMA-GAN configuration)" : "";
                if (CurveFile.TryRead(Path.Combine(run.RunDir, "losses.csv")) is { } losses)
                {
                    var file = $"{configId}_losses.png";
                    Curves(Path.Combine(plots, file), $"{label}, seed {run.Seed}: losses", losses,
                        losses.Columns.Where(c => c is "loss_d" or "loss_g" or "loss_g_div").ToArray(), "loss");
                    figures.Add(new Figure(dataset, $"plots/{file}", $"{label}{best}: loss curves (seed {run.Seed})"));
                    var acts = losses.Columns.Where(c => c.StartsWith("a_", StringComparison.Ordinal)).ToArray();
                    if (acts.Length > 0)
                    {
                        file = $"{configId}_activations.png";
                        Curves(Path.Combine(plots, file), $"{label}, seed {run.Seed}: per-mode activations", losses, acts, "activation");
                        figures.Add(new Figure(dataset, $"plots/{file}", $"{label}{best}: per-mode activations a_1..a_{acts.Length} (seed {run.Seed})"));
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
        var line = plot.Add.Scatter(values, means);
        line.LegendText = "MMA-GAN (mean, 95% CI)";
        line.MarkerSize = 8;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(lows[i])) continue;
            var bar = plot.Add.Line(values[i], lows[i], values[i], highs[i]);
            bar.Color = line.Color;
            bar.LineWidth = 2;
        }
        var palette = new ScottPlot.Palettes.Category10();
        var c = 1;
        foreach (var baseline in new[] { "dcgan", "wgan-gp" })
        {
            var v = all.Where(r => r.Method == baseline && r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).Where(double.IsFinite).ToList();
            if (v.Count == 0) continue;
            var h = plot.Add.HorizontalLine(v.Average());
            h.Color = palette.GetColor(c++);
            h.LinePattern = LinePattern.Dashed;
            h.LegendText = baseline == "dcgan" ? "DCGAN" : "WGAN-GP";
        }
        var symbol = param == "lambda" ? "λ" : param == "tau" ? "τ" : "K";
        plot.Title($"{dataset}: {MetricInfo.Display(metric)} vs {symbol} (other hyper-parameters pooled)");
        plot.XLabel(symbol);
        plot.YLabel(MetricInfo.Display(metric));
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    static void Curves(string path, string title, CurveFile file, string[] columns, string yLabel)
    {
        var plot = new Plot();
        var step = file.Column("step")!;
        foreach (var col in columns)
        {
            var (x, y) = CurveFile.Binned(step, file.Column(col)!);
            var s = plot.Add.ScatterLine(x, y);
            s.LegendText = col;
            s.LineWidth = 1.5f;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
