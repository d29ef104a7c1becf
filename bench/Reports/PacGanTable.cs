using System.Globalization;
using System.Text;
using MmaGan.Bench.Stats;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Reports;

/// <summary>
/// The PacGAN protocol's table: our runs beside PacGAN's published rows (Lin et al., NeurIPS 2018, Table 1: mean ± standard
/// error over 10 trials, 400 epochs). Per dataset and configuration: modes (≥1 HQ sample), HQ fraction (%) and reverse KL as
/// mean ± s.e. over seeds with the 95% percentile-bootstrap CI of the mean, and two-sided Mann–Whitney p-values against GAN
/// (our "dcgan": the standard non-saturating GAN loss) and against PacGAN2. Below each dataset's table, the same p-values
/// Holm-adjusted over that table's family: every distinct pair of configurations compared (PacGAN2 vs GAN once) × the three
/// metrics. Written as pacgan-table.md by sweeps whose name contains "pacgan".
/// </summary>
public static class PacGanTable
{
    public const string FileName = "pacgan-table.md";

    /// <summary>A published row: (mean, s.e.) of modes, HQ %, reverse KL.</summary>
    public sealed record Published(string Method, (double M, double Se) Modes, (double M, double Se) Hq, (double M, double Se) Kl);

    /// <summary>PacGAN Table 1, keyed by our dataset name (grid25 = their 2D-grid, ring8-pacgan = their 2D-ring).</summary>
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

    static readonly (string Metric, double Scale, string Format)[] Columns =
        [("modes_covered_hq", 1, "0.0"), ("hq_fraction", 100, "0.0"), ("reverse_kl", 1, "0.00")];

    /// <summary>Standard error of the mean, s / √n (sample standard deviation); NaN below 2 values.</summary>
    public static double StandardError(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return double.NaN;
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1) / v.Count);
    }

    public static string Markdown(IReadOnlyList<RunResult> results)
    {
        string F(double v, string f) => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "–";
        string P(double p) => double.IsFinite(p) ? p.ToString(p < 0.001 ? "0.0e0" : "0.000", CultureInfo.InvariantCulture) : "–";
        // A rank test over one seed a side says nothing (its p is 1 whatever the values): shown as "–", like a missing side.
        double Compare(List<double> a, List<double> b) => a.Count < 2 || b.Count < 2 ? double.NaN : MannWhitney.Test(a, b).PValue;
        var md = new StringBuilder();
        foreach (var dataset in results.Select(r => r.Dataset).Distinct().OrderBy(d => d == "grid25" ? 0 : 1))
        {
            var ok = results.Where(r => r.Dataset == dataset && r.Ok).ToList();
            var steps = ok.Select(r => r.Steps).Where(s => s is not null).Distinct().ToList();
            md.AppendLine($"### {dataset} ({(steps.Count == 1 ? $"{steps[0]:N0} steps" : "steps " + string.Join(", ", steps))})").AppendLine();
            md.AppendLine("| | seeds | modes (≥1 HQ) ↑ | HQ % ↑ | reverse KL ↓ | p vs GAN (modes / HQ / KL) | p vs PacGAN2 (modes / HQ / KL) |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            if (Table1.TryGetValue(dataset, out var published))
                foreach (var p in published)
                    md.AppendLine($"| PacGAN paper: {p.Method} (400 epochs) | 10 | {F(p.Modes.M, "0.0")} ± {F(p.Modes.Se, "0.0")} | "
                                  + $"{F(p.Hq.M, "0.0")} ± {F(p.Hq.Se, "0.0")} | {F(p.Kl.M, "0.00")} ± {F(p.Kl.Se, "0.00")} | | |");
            var family = new List<(string Pair, double[] P)>();   // distinct comparisons, p of modes / HQ / KL
            var gan = ok.Where(r => r.Method == "dcgan").ToList();
            var pac2 = ok.Where(r => r.Method == "pacgan2").ToList();
            foreach (var config in ok.GroupBy(r => r.ConfigId).OrderBy(g => SummaryBuilder.MethodOrder(g.First().Method))
                         .ThenBy(g => g.First().Method).ThenBy(g => g.First().K).ThenBy(g => g.First().Lambda).ThenBy(g => g.First().Tau))
            {
                var first = config.First();
                var label = first.Method == "dcgan" ? "GAN" : first.Spec.Label;
                var cells = new List<string>();
                var pGan = new List<double>();
                var pPac = new List<double>();
                foreach (var (metric, scale, format) in Columns)
                {
                    var v = Values(config, metric, scale);
                    var ci = Bootstrap.Mean(v);
                    cells.Add($"{F(v.Count > 0 ? v.Average() : double.NaN, format)} ± {F(StandardError(v), format)} [{F(ci.Low, format)}, {F(ci.High, format)}]");
                    pGan.Add(first.Method == "dcgan" ? double.NaN : Compare(v, Values(gan, metric, scale)));
                    pPac.Add(first.Method == "pacgan2" ? double.NaN : Compare(v, Values(pac2, metric, scale)));
                }
                if (first.Method != "dcgan") family.Add(($"{label} vs GAN", pGan.ToArray()));
                if (first.Method is not ("dcgan" or "pacgan2")) family.Add(($"{label} vs PacGAN2", pPac.ToArray()));
                md.AppendLine($"| **ours: {label}** | {config.Count()} | {string.Join(" | ", cells)} | {string.Join(" / ", pGan.Select(P))} | {string.Join(" / ", pPac.Select(P))} |");
            }
            md.AppendLine();
            var adjusted = Holm.Adjust(family.SelectMany(f => f.P).ToArray());
            var tests = adjusted.Count(double.IsFinite);
            if (tests > 0)
                md.AppendLine($"Holm-adjusted p over this table's {tests} tests (modes / HQ / KL): "
                              + string.Join("; ", family.Select((f, i) => $"{f.Pair} {string.Join(" / ", adjusted.Skip(Columns.Length * i).Take(Columns.Length).Select(P))}"))
                              + ".").AppendLine();
        }
        md.AppendLine("Ours: mean ± standard error over seeds [95% percentile-bootstrap CI of the mean]; p: two-sided Mann–Whitney U over seeds "
                      + "(with 5 vs 5 seeds the smallest attainable p is 0.008; – with fewer than 2 seeds on a side), "
                      + "Holm-adjusted below each table over its family (each distinct pair of rows × 3 metrics). HQ: within 3σ of the nearest centre; metrics on 2,500 samples.");
        return md.ToString();
    }

    static List<double> Values(IEnumerable<RunResult> runs, string metric, double scale) =>
        runs.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v * scale : double.NaN).Where(double.IsFinite).ToList();
}
