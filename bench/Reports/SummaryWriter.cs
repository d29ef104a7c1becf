using System.Globalization;
using System.Text;
using CsvHelper;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Reports;

/// <summary>Writes summary.csv (one row per configuration × metric) and summary.md (tables per dataset, and a verdict).</summary>
public static class SummaryWriter
{
    static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static void WriteCsv(string path, IReadOnlyList<SummaryRow> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteHeader(["dataset", "config_id", "method", "k", "lambda", "tau", "metric", "runs", "n", "mean", "ci_low", "ci_high",
                "diff_vs_dcgan", "diff_ci_low", "diff_ci_high", "mannwhitney_p", "mannwhitney_method"]);
            foreach (var r in rows)
                csv.WriteRecord(new[]
                {
                    r.Dataset, r.ConfigId, r.Method, r.K?.ToString(CultureInfo.InvariantCulture) ?? "", r.Lambda is { } l ? N(l) : "",
                    r.Tau is { } t ? N(t) : "", r.Metric, r.Runs.ToString(CultureInfo.InvariantCulture), r.N.ToString(CultureInfo.InvariantCulture),
                    N(r.Mean), N(r.CiLow), N(r.CiHigh), N(r.DiffVsDcgan), N(r.DiffCiLow), N(r.DiffCiHigh), N(r.MannWhitneyP), r.MannWhitneyMethod,
                });
            csv.Flush();
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Significant digits suited to a metric's scale.</summary>
    static string F(double v) => !double.IsFinite(v) ? "–" : Math.Abs(v) >= 100 ? v.ToString("F1", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("F2", CultureInfo.InvariantCulture) : v.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Counts (modes covered) averaged over seeds read best with one decimal.</summary>
    static string F(string metric, double v) => metric.StartsWith("modes_", StringComparison.Ordinal) && double.IsFinite(v)
        ? v.ToString("F1", CultureInfo.InvariantCulture) : F(v);

    static string P(double p) => !double.IsFinite(p) ? "–" : p < 0.001 ? "<0.001" : p.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>summary.md: per dataset, a table of means with 95% CIs, a table of MMA-GAN − DCGAN differences, and a verdict
    /// on the primary metric (reverse KL for toys, FID for images) at α = 0.05.</summary>
    public static string Markdown(IReadOnlyList<SummaryRow> rows, IReadOnlyList<RunResult> results, string title, string? note = null)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {title}").AppendLine();
        if (note is not null) md.AppendLine($"> {note}").AppendLine();
        if (title.Contains("smoke", StringComparison.OrdinalIgnoreCase))
            md.AppendLine("> **Smoke scale:** a short check that the sweep trains, evaluates and reports end to end; its numbers are not results.").AppendLine();
        var unlearned = NothingLearned(rows);
        if (unlearned.Count > 0)
            md.AppendLine($"> **No method learned {string.Join(", ", unlearned)}:** every configuration covers 0 modes in every run, or collapses onto at "
                          + "most one (its reverse KL at the ceiling, ln of the modes), so the comparisons there compare failures, not methods.").AppendLine();
        md.AppendLine("Mean over seeds with a 95% percentile-bootstrap confidence interval (10,000 resamples, fixed seed) in brackets. ")
          .AppendLine("Δ = MMA-GAN − DCGAN on the same dataset (two-sample bootstrap CI); p = two-sided Mann–Whitney U test over seeds ")
          .AppendLine("(exact without ties when a group has ≤ 8 runs, else normal approximation with tie correction). ")
          .AppendLine("With few seeds the CIs are wide and the smallest attainable p is large (5 vs 5 seeds: p ≥ 0.008; 2 vs 2: p ≥ 0.33).").AppendLine();
        foreach (var dataset in rows.Select(r => r.Dataset).Distinct())
        {
            var inDataset = rows.Where(r => r.Dataset == dataset).ToList();
            var metrics = inDataset.Select(r => r.Metric).Distinct().ToList();
            var runs = results.Where(r => r.Dataset == dataset).ToList();
            md.AppendLine($"## {dataset}").AppendLine();
            var bad = runs.Where(r => !r.Ok).ToList();
            var trainS = runs.Where(r => r.Ok).Select(r => r.TrainSeconds).DefaultIfEmpty(0).Average();
            var evalS = runs.Where(r => r.Ok).Select(r => r.EvalSeconds).DefaultIfEmpty(0).Average();
            md.AppendLine($"{runs.Count} runs ({bad.Count} not ok{(bad.Count > 0 ? ": " + string.Join(", ", bad.GroupBy(b => b.Status).Select(g => $"{g.Count()} {g.Key}")) : "")}); "
                          + $"mean train {trainS:F1} s, eval {evalS:F1} s per run; steps {string.Join("/", runs.Select(r => r.Steps).Distinct())}.").AppendLine();
            md.Append("| configuration | runs |");
            foreach (var m in metrics) md.Append($" {MetricInfo.Display(m)} |");
            md.AppendLine().Append("|---|---|").AppendLine(string.Concat(metrics.Select(_ => "---|")));
            foreach (var config in inDataset.GroupBy(r => r.ConfigId))
            {
                var f = config.First();
                md.Append($"| {f.Label} | {f.N}/{f.Runs} |");
                foreach (var m in metrics)
                    md.Append(config.FirstOrDefault(r => r.Metric == m) is { } r ? $" {F(m, r.Mean)} [{F(m, r.CiLow)}, {F(m, r.CiHigh)}] |" : " – |");
                md.AppendLine();
            }
            md.AppendLine();
            AppendDifferences(md, "**Stabilised baselines − DCGAN** (Δ [95% CI], p):",
                inDataset.Where(r => r.Method.Contains('+') && double.IsFinite(r.DiffVsDcgan)).ToList(), metrics);
            var mma = inDataset.Where(r => r.Method == "mma" && double.IsFinite(r.DiffVsDcgan)).ToList();
            if (mma.Count == 0) { md.AppendLine("_No MMA-GAN vs DCGAN comparison (one of them has no finished runs)._").AppendLine(); continue; }
            AppendDifferences(md, "**MMA-GAN − DCGAN** (Δ [95% CI], p):", mma, metrics);
            if (unlearned.Contains(dataset))
            {
                md.AppendLine("**Verdict:** none — no configuration learned this dataset (0 modes covered, or the reverse KL at its ceiling, in every run); nothing here is a result.").AppendLine();
                continue;
            }
            if (MetricInfo.Primary(metrics) is { } primary)
            {
                var prim = mma.Where(r => r.Metric == primary).ToList();
                var sign = MetricInfo.Sign(primary);
                var better = prim.Count(r => sign * r.DiffVsDcgan > 0 && r.MannWhitneyP < 0.05);
                var worse = prim.Count(r => sign * r.DiffVsDcgan < 0 && r.MannWhitneyP < 0.05);
                var best = prim.OrderBy(r => -sign * r.Mean).First();
                var wgan = inDataset.FirstOrDefault(r => r.Method == "wgan-gp" && r.Metric == primary);
                var dcgan = inDataset.FirstOrDefault(r => r.Method == "dcgan" && r.Metric == primary);
                md.AppendLine($"**Verdict on {MetricInfo.Display(primary)}:** of {prim.Count} MMA-GAN configurations, {better} beat DCGAN and {worse} are worse "
                              + $"at p < 0.05 (Mann–Whitney; not corrected for {prim.Count} comparisons); {prim.Count - better - worse} are not distinguishable. "
                              + $"Best MMA-GAN: {best.Label} {F(best.Mean)} [{F(best.CiLow)}, {F(best.CiHigh)}]"
                              + (dcgan is not null ? $" vs DCGAN {F(dcgan.Mean)} [{F(dcgan.CiLow)}, {F(dcgan.CiHigh)}]" : "")
                              + (wgan is not null ? $" and WGAN-GP {F(wgan.Mean)} [{F(wgan.CiLow)}, {F(wgan.CiHigh)}]" : "") + ".");
                md.AppendLine();
                var counts = metrics.Where(m => MetricInfo.Sign(m) != 0).Select(m =>
                {
                    var rowsM = mma.Where(r => r.Metric == m).ToList();
                    var sg = MetricInfo.Sign(m);
                    return $"{MetricInfo.Display(m)}: {rowsM.Count(r => sg * r.DiffVsDcgan > 0 && r.MannWhitneyP < 0.05)} better, "
                           + $"{rowsM.Count(r => sg * r.DiffVsDcgan < 0 && r.MannWhitneyP < 0.05)} worse";
                });
                md.AppendLine($"Configurations differing from DCGAN at p < 0.05, per metric — {string.Join("; ", counts)}.").AppendLine();
            }
        }
        return md.ToString();
    }

    /// <summary>The datasets on which no configuration learned anything: every mode count of the registry (keys bounded by
    /// <c>modes_total</c>) averages 0 in every configuration — the floor —, or every configuration's reverse KL averages its
    /// ceiling ln(modes) of a toy mixture (each run at most one mode: toy-smoke's grid25, where "Best MMA-GAN: 3.219 vs DCGAN
    /// 3.219" compared ln 25 with ln 25).</summary>
    public static IReadOnlyList<string> NothingLearned(IReadOnlyList<SummaryRow> rows)
    {
        static bool IsModeCount(SummaryRow r) => Shared.Metrics.MetricRegistry.FindKey(r.Metric)?.BoundedBy is not null && double.IsFinite(r.Mean);
        static bool AtFloor(IGrouping<string, SummaryRow> g) => g.Where(IsModeCount).ToList() is { Count: > 0 } counts && counts.All(r => r.Mean == 0);
        static bool AtCeiling(IGrouping<string, SummaryRow> g)
        {
            if (!Shared.Toy.ToyMixture.IsToy(g.Key)) return false;
            var ceiling = Math.Log(Shared.Toy.ToyMixture.Get(g.Key).Centres.Length);
            return g.Where(r => r.Metric == "reverse_kl" && double.IsFinite(r.Mean)).ToList() is { Count: > 0 } kl && kl.All(r => r.Mean >= ceiling - 1e-3);
        }
        return [.. rows.GroupBy(r => r.Dataset).Where(g => AtFloor(g) || AtCeiling(g)).Select(g => g.Key)];
    }

    /// <summary>A table of differences from DCGAN (Δ [95% CI], p) for <paramref name="rows"/>, one line per configuration; nothing when empty.</summary>
    static void AppendDifferences(StringBuilder md, string heading, List<SummaryRow> rows, List<string> metrics)
    {
        if (rows.Count == 0) return;
        md.AppendLine(heading).AppendLine();
        md.Append("| configuration |");
        foreach (var m in metrics) md.Append($" Δ {MetricInfo.Display(m)} |");
        md.AppendLine().Append("|---|").AppendLine(string.Concat(metrics.Select(_ => "---|")));
        foreach (var config in rows.GroupBy(r => r.ConfigId))
        {
            md.Append($"| {config.First().Label} |");
            foreach (var m in metrics)
                md.Append(config.FirstOrDefault(r => r.Metric == m) is { } r ? $" {F(m, r.DiffVsDcgan)} [{F(m, r.DiffCiLow)}, {F(m, r.DiffCiHigh)}], p={P(r.MannWhitneyP)} |" : " – |");
            md.AppendLine();
        }
        md.AppendLine();
    }
}
