using System.Text;
using MmaGan.Bench.Plots;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Reports;

/// <summary>Everything derived from the results of a sweep: results.csv, summary.csv, summary.md, plots/ and report.md in OUT
/// (and pacgan-table.md for PacGAN's protocols, learning-curves.md when runs have scored checkpoints).</summary>
public static class SweepReport
{
    public static List<SummaryRow> Write(string outDir, IReadOnlyList<RunResult> results, string title, string? note = null)
    {
        Directory.CreateDirectory(outDir);
        var ordered = results.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => SummaryBuilder.MethodOrder(r.Method))
            .ThenBy(r => r.K).ThenBy(r => r.Lambda).ThenBy(r => r.Tau).ThenBy(r => r.Seed).ToList();
        ResultsTable.Write(Path.Combine(outDir, ResultsTable.FileName), ordered);
        var summary = SummaryBuilder.Build(ordered);
        SummaryWriter.WriteCsv(Path.Combine(outDir, "summary.csv"), summary);
        var md = SummaryWriter.Markdown(summary, ordered, title, note);
        if (title.Contains("pacgan", StringComparison.OrdinalIgnoreCase)) // PacGAN's protocol: our rows beside the published Table 1
        {
            var table = PacGanTable.Markdown(ordered);
            AtomicFile.WriteAllText(Path.Combine(outDir, PacGanTable.FileName), table);
            md = $"## Beside PacGAN's published rows\n\n{table}\n\n{md}";
        }
        if (LearningCurves.Markdown(ordered) is { } curves)   // runs whose kept checkpoints were scored (tools/learning-curve.sh)
        {
            AtomicFile.WriteAllText(Path.Combine(outDir, LearningCurves.FileName), curves);
            md = $"{md}\n## Learning curves\n\n{curves}";
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), md);
        var figures = PlotWriter.WriteAll(outDir, ordered, summary);
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), Report(md, figures));
        return summary;
    }

    /// <summary>report.md: the summary followed by every figure, per dataset, linked relative to OUT.</summary>
    public static string Report(string summaryMarkdown, IReadOnlyList<PlotWriter.Figure> figures)
    {
        var md = new StringBuilder(summaryMarkdown);
        md.AppendLine().AppendLine("# Figures").AppendLine();
        md.AppendLine("Raw data: [results.csv](results.csv) (one row per run), [summary.csv](summary.csv) (one row per configuration and metric).").AppendLine();
        foreach (var dataset in figures.GroupBy(f => f.Dataset))
        {
            md.AppendLine($"## {dataset.Key}").AppendLine();
            foreach (var f in dataset) md.AppendLine($"**{f.Caption}**").AppendLine().AppendLine($"![{f.Caption}]({f.File})").AppendLine();
        }
        return md.ToString();
    }
}
