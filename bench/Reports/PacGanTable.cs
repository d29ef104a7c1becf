using System.Globalization;
using System.Text;
using MmaGan.Bench.Stats;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Reports;

/// <summary>
/// The PacGAN protocols' tables: our runs beside PacGAN's published rows (Lin et al., NeurIPS 2018, mean ± standard error over
/// its trials). Table 1 (2-D toys, 10 trials, 400 epochs): modes (≥1 HQ sample), HQ fraction (%) and reverse KL per dataset.
/// Table 3 (Stacked MNIST in Unrolled GAN's setup, 50 trials): modes covered (of 1,000) and KL to uniform, one table per D size
/// (D = 1/4 and 1/2 of G). Our rows: mean ± s.e. over seeds with the 95% percentile-bootstrap CI of the mean, and two-sided
/// Mann–Whitney p-values against each baseline the table has runs of — GAN (our "dcgan": the standard non-saturating GAN loss),
/// PacGAN2, WGAN-GP — one column each. Below each table, the same p-values Holm-adjusted over that table's family: every
/// distinct pair of configurations compared (a pair of baselines once: in the later baseline's row) × the table's metrics.
/// Written as pacgan-table.md by sweeps whose name contains "pacgan".
/// </summary>
public static class PacGanTable
{
    public const string FileName = "pacgan-table.md";

    /// <summary>A published row: (mean, s.e.) of each of the table's metrics.</summary>
    public sealed record Published(string Method, params (double M, double Se)[] Values);

    /// <summary>One of our metrics as a column: its evaluator key, a display scale, a number format and its header.</summary>
    sealed record Column(string Metric, double Scale, string Format, string Header);

    /// <summary>How one of PacGAN's tables reads: its columns, its published rows, what their trials and budget were.</summary>
    sealed record Layout(Column[] Columns, string Trials, string? Budget, string GanLabel, string Legend);

    /// <summary>PacGAN Table 1, keyed by our dataset name (grid25 = their 2D-grid, ring8-pacgan = their 2D-ring): modes, HQ %, reverse KL.</summary>
    public static readonly Dictionary<string, Published[]> Table1 = new()
    {
        ["ring8-pacgan"] =
        [
            new("GAN", (6.3, 0.5), (98.2, 0.2), (0.45, 0.09)),
            new("PacGAN2", (7.9, 0.1), (95.6, 2.0), (0.07, 0.03)),
            new("PacGAN3", (7.8, 0.1), (97.7, 0.3), (0.10, 0.02)),
            new("PacGAN4", (7.8, 0.1), (95.9, 1.4), (0.07, 0.02)),
        ],
        ["grid25"] =
        [
            new("GAN", (17.3, 0.8), (94.8, 0.7), (0.70, 0.07)),
            new("PacGAN2", (23.8, 0.7), (91.3, 0.8), (0.13, 0.04)),
            new("PacGAN3", (24.6, 0.4), (94.2, 0.4), (0.06, 0.02)),
            new("PacGAN4", (24.8, 0.2), (93.6, 0.6), (0.04, 0.01)),
        ],
    };

    /// <summary>PacGAN Table 3 (Stacked MNIST, Unrolled GAN's architecture, 50 trials), keyed by D's size relative to G: modes
    /// (of 1,000), KL to uniform. The Unrolled GAN rows are Metz et al.'s (10 unrolling steps).</summary>
    public static readonly Dictionary<double, Published[]> Table3 = new()
    {
        [0.25] =
        [
            new("DCGAN", (78.5, 17.56), (5.21, 0.19)),
            new("PacDCGAN2", (484.5, 32.99), (2.61, 0.22)),
            new("PacDCGAN3", (601.3, 32.18), (2.00, 0.17)),
            new("PacDCGAN4", (667.4, 29.00), (1.81, 0.15)),
            new("Unrolled GAN (10 steps)", (327.2, 74.67), (4.66, 0.46)),
        ],
        [0.5] =
        [
            new("DCGAN", (487.7, 34.59), (2.24, 0.15)),
            new("PacDCGAN2", (840.7, 15.92), (1.00, 0.05)),
            new("PacDCGAN3", (866.6, 12.10), (0.90, 0.04)),
            new("PacDCGAN4", (820.2, 25.50), (1.15, 0.14)),
            new("Unrolled GAN (10 steps)", (817.4, 37.91), (1.43, 0.12)),
        ],
    };

    static readonly Layout Toy = new(
        [new("modes_covered_hq", 1, "0.0", "modes (≥1 HQ) ↑"), new("hq_fraction", 100, "0.0", "HQ % ↑"), new("reverse_kl", 1, "0.00", "reverse KL ↓")],
        "10", "400 epochs", "GAN", "HQ: within 3σ of the nearest centre; metrics on 2,500 samples.");

    static readonly Layout Stacked = new(
        [new("modes_covered", 1, "0.0", "modes (of 1,000) ↑"), new("kl_to_uniform", 1, "0.00", "KL to uniform ↓")],
        "50", null, "DCGAN",
        "PacGAN's rows: Table 3 (Unrolled GAN's setup, 500,000 iterations; the Unrolled GAN rows are Metz et al.'s). Modes: digit triples seen at least once among the samples, each channel's digit read by the digit classifier trained here "
        + "(`mmagan-train classifier`; on 8,000 of the MNIST test set's 10,000 digits, which are also the digit pool: PacGAN used MNIST's training set for both); "
        + "KL: Σ_j p_j ln(p_j / 0.001) over the covered triples.");

    /// <summary>Standard error of the mean, s / √n (sample standard deviation); NaN below 2 values.</summary>
    public static double StandardError(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return double.NaN;
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1) / v.Count);
    }

    public static string Markdown(IReadOnlyList<RunResult> results)
    {
        var md = new StringBuilder();
        var layouts = new HashSet<Layout>();
        foreach (var dataset in results.Select(r => r.Dataset).Distinct().OrderBy(d => d == "grid25" ? 0 : 1))
        {
            var inDataset = results.Where(r => r.Dataset == dataset).ToList();
            var stacked = dataset == "stacked-mnist";
            var layout = stacked ? Stacked : Toy;
            layouts.Add(layout);
            foreach (var group in inDataset.GroupBy(r => r.DSize).OrderBy(g => g.Key ?? 0))
            {
                var published = stacked
                    ? group.Key is { } d && Table3.TryGetValue(d, out var t3) ? t3 : null
                    : Table1.GetValueOrDefault(dataset);
                var title = group.Key is { } size ? $"{dataset}, {group.First().Spec.DSizeLabel}" : dataset;
                AppendTable(md, title, group.ToList(), published, layout);
            }
        }
        foreach (var layout in layouts.OrderBy(l => l == Toy ? 0 : 1))
            md.AppendLine("Ours: mean ± standard error over seeds [95% percentile-bootstrap CI of the mean]; p: two-sided Mann–Whitney U over seeds "
                          + "(with 5 vs 5 seeds the smallest attainable p is 0.008; – with fewer than 2 seeds on a side), "
                          + $"Holm-adjusted below each table over its family (each distinct pair of rows × {layout.Columns.Length} metrics). {layout.Legend}");
        return md.ToString();
    }

    static void AppendTable(StringBuilder md, string title, List<RunResult> runs, Published[]? published, Layout layout)
    {
        string F(double v, string f) => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "–";
        string P(double p) => double.IsFinite(p) ? p.ToString(p < 0.001 ? "0.0e0" : "0.000", CultureInfo.InvariantCulture) : "–";
        // A rank test over one seed a side says nothing (its p is 1 whatever the values): shown as "–", like a missing side.
        double Compare(List<double> a, List<double> b) => a.Count < 2 || b.Count < 2 ? double.NaN : MannWhitney.Test(a, b).PValue;
        var columns = layout.Columns;
        var names = string.Join(" / ", columns.Select(c => c.Header.Split(' ')[0] switch { "modes" => "modes", "HQ" => "HQ", _ => "KL" }));
        var ok = runs.Where(r => r.Ok).ToList();
        var steps = ok.Select(r => r.Steps).Where(s => s is not null).Distinct().ToList();
        md.AppendLine($"### {title} ({(steps.Count == 1 ? $"{steps[0]:N0} steps" : "steps " + string.Join(", ", steps))})").AppendLine();
        // The baselines every other row is tested against, in this order; a column only for those this table has runs of.
        var baselines = new[] { ("dcgan", layout.GanLabel), ("pacgan2", "PacGAN2"), ("wgan-gp", "WGAN-GP") }
            .Where(b => ok.Any(r => r.Method == b.Item1))
            .Select(b => (Method: b.Item1, Label: b.Item2, Runs: ok.Where(r => r.Method == b.Item1).ToList())).ToList();
        md.AppendLine($"| | seeds | {string.Join(" | ", columns.Select(c => c.Header))} |{string.Concat(baselines.Select(b => $" p vs {b.Label} ({names}) |"))}");
        md.AppendLine($"|---|---|{string.Concat(columns.Select(_ => "---|"))}{string.Concat(baselines.Select(_ => "---|"))}");
        if (published is not null)
            foreach (var p in published)
                md.AppendLine($"| PacGAN paper: {p.Method}{(layout.Budget is { } budget ? $" ({budget})" : "")} | {layout.Trials} | "
                              + string.Join(" | ", p.Values.Select((v, i) => $"{F(v.M, columns[i].Format)} ± {F(v.Se, columns[i].Format)}"))
                              + " |" + string.Concat(baselines.Select(_ => " |")));
        var family = new List<(string Pair, double[] P)>();   // distinct comparisons, p of each metric
        foreach (var config in ok.GroupBy(r => r.ConfigId).OrderBy(g => SummaryBuilder.MethodOrder(g.First().Method))
                     .ThenBy(g => g.First().Method).ThenBy(g => g.First().K).ThenBy(g => g.First().Lambda).ThenBy(g => g.First().Tau))
        {
            var first = config.First();
            var label = first.Method == "dcgan" ? layout.GanLabel : first.Spec.Label;
            var own = baselines.FindIndex(b => b.Method == first.Method);
            var cells = columns.Select(c => Values(config, c.Metric, c.Scale)).Select((v, i) =>
            {
                var (ci, format) = (Bootstrap.Mean(v), columns[i].Format);
                return $"{F(v.Count > 0 ? v.Average() : double.NaN, format)} ± {F(StandardError(v), format)} [{F(ci.Low, format)}, {F(ci.High, format)}]";
            });
            var pCells = new List<string>();
            foreach (var (j, baseline) in baselines.Index())
            {
                // Each pair once: a baseline's row is tested against the baselines before it only (its own column and the later
                // baselines' columns stay "–"; those pairs are in the later baselines' rows).
                var tested = own < 0 || j < own;
                var p = columns.Select(c => tested ? Compare(Values(config, c.Metric, c.Scale), Values(baseline.Runs, c.Metric, c.Scale)) : double.NaN).ToArray();
                if (tested) family.Add(($"{label} vs {baseline.Label}", p));
                pCells.Add(string.Join(" / ", p.Select(P)));
            }
            md.AppendLine($"| **ours: {label}** | {config.Count()} | {string.Join(" | ", cells)} |{string.Concat(pCells.Select(c => $" {c} |"))}");
        }
        md.AppendLine();
        var adjusted = Holm.Adjust(family.SelectMany(f => f.P).ToArray());
        var tests = adjusted.Count(double.IsFinite);
        if (tests > 0)
            md.AppendLine($"Holm-adjusted p over this table's {tests} tests ({names}): "
                          + string.Join("; ", family.Select((f, i) => $"{f.Pair} {string.Join(" / ", adjusted.Skip(columns.Length * i).Take(columns.Length).Select(P))}"))
                          + ".").AppendLine();
    }

    static List<double> Values(IEnumerable<RunResult> runs, string metric, double scale) =>
        runs.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v * scale : double.NaN).Where(double.IsFinite).ToList();
}
