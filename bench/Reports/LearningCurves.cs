using System.Globalization;
using System.Text;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Reports;

/// <summary>
/// A sweep's learning curves: each finished run's <c>RUN/curve.csv</c> (<see cref="CheckpointScores"/>: a row per scored
/// checkpoint, <c>step</c> then metric columns) gathered into learning-curves.md: per dataset and D size and per metric,
/// a column per step, a row per configuration (mean ± s.e. over its seeds scored at that step, their count in brackets
/// when it is not all of them) and a row per seed.
/// </summary>
public static class LearningCurves
{
    public const string FileName = "learning-curves.md";

    /// <summary>The markdown, or null when no run has a curve.</summary>
    public static string? Markdown(IReadOnlyList<RunResult> results)
    {
        var curves = results.Where(r => r.Ok && r.RunDir.Length > 0)
            .Select(r => (Run: r, Rows: CheckpointScores.Read(r.RunDir))).Where(c => c.Rows.Count > 0).ToList();
        if (curves.Count == 0) return null;
        var md = new StringBuilder();
        foreach (var group in curves.GroupBy(c => (c.Run.Dataset, c.Run.DSize)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => g.Key.DSize ?? 0))
        {
            var place = group.First().Run.Spec.DSizeLabel is { } d ? $"{group.Key.Dataset}, {d}" : group.Key.Dataset;
            var steps = group.SelectMany(c => c.Rows.Keys).Distinct().Order().ToList();
            var metrics = group.SelectMany(c => c.Rows.Values.SelectMany(r => r.Keys)).Distinct().Order(StringComparer.Ordinal)
                .Where(m => !MetricInfo.IsBookkeeping(m)).ToList();
            foreach (var metric in metrics)
            {
                md.AppendLine($"### {place}: {MetricInfo.Display(metric)} by step").AppendLine();
                md.AppendLine($"| | seeds |{string.Concat(steps.Select(s => $" {s.ToString("N0", CultureInfo.InvariantCulture)} |"))}");
                md.AppendLine($"|---|---|{string.Concat(steps.Select(_ => "---:|"))}");
                foreach (var config in group.GroupBy(c => c.Run.ConfigId).OrderBy(g => SummaryBuilder.MethodOrder(g.First().Run.Method))
                             .ThenBy(g => g.First().Run.K).ThenBy(g => g.First().Run.Lambda).ThenBy(g => g.First().Run.Tau))
                {
                    var runs = config.OrderBy(c => c.Run.Seed).ToList();
                    double? At((RunResult Run, SortedDictionary<long, Dictionary<string, double>> Rows) c, long step) =>
                        c.Rows.TryGetValue(step, out var row) && row.TryGetValue(metric, out var v) ? v : null;
                    string Mean(long step)
                    {
                        var v = runs.Select(c => At(c, step)).OfType<double>().ToList();
                        if (v.Count == 0) return "";
                        var se = PacGanTable.StandardError(v);
                        return $"{Format(v.Average())}{(double.IsFinite(se) ? $" ± {Format(se)}" : "")}{(v.Count < runs.Count ? $" ({v.Count})" : "")}";
                    }
                    md.AppendLine($"| **{runs[0].Run.Spec.Label}** | {runs.Count} |{string.Concat(steps.Select(s => Cell(Mean(s))))}");
                    foreach (var c in runs)
                        md.AppendLine($"| seed {c.Run.Seed} | |{string.Concat(steps.Select(s => Cell(At(c, s) is { } x ? Format(x) : "")))}");
                }
                md.AppendLine();
            }
        }
        md.AppendLine("Configurations: mean ± standard error over the seeds scored at that step (their number in brackets when not all). "
                      + $"Each run's values are its {CheckpointScores.FileName}: each kept checkpoint exported and scored (the sweep's \"every_checkpoint\", or tools/learning-curve.sh).");
        return md.ToString();
    }

    static string Cell(string text) => text.Length == 0 ? " |" : $" {text} |";

    /// <summary>Counts as integers, other values to 3 significant digits (at least 2 decimals below 10).</summary>
    static string Format(double v) => v == Math.Round(v) && Math.Abs(v) >= 1
        ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 100 ? "0" : Math.Abs(v) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
}
