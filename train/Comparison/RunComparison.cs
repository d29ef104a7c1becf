using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.Train.Config;

namespace MmaGan.Train.Comparison;

/// <summary>A comparison table: column labels (as shown), column keys (as a CSV header names them), one row of formatted cells per run, and what the numbers are.</summary>
public sealed record ComparisonTable(IReadOnlyList<string> Labels, IReadOnlyList<string> Keys, IReadOnlyList<IReadOnlyList<string>> Rows, string Note);

/// <summary>
/// Runs side by side (<c>mmagan-train compare RUN…</c>): the method, every experiment setting that differs between the runs,
/// the steps trained, each loss as the mean of the last N logged steps (a single step's loss is noise), and each metric of
/// metrics.csv (toy metrics, or the image metrics of <c>--eval-every</c>) at its last logged step, labelled and directed as
/// <see cref="MetricRegistry"/> says (FID ↓, IS ↑) — every number to <see cref="SignificantDigits.Default"/> significant digits.
/// </summary>
public static class RunComparison
{
    public const int DefaultLast = 100;

    /// <summary>The losses compared, in this order, where a run logged them.</summary>
    static readonly string[] LossColumns = ["loss_d", "loss_g", "loss_g_div", "wasserstein_estimate", "gradient_penalty"];

    /// <summary>MMA-GAN's per-head activations a_1..a_K, averaged over the heads (K may differ between runs).</summary>
    public const string MeanActivation = "a_mean";

    /// <summary>Reads every run first, so that a folder that is not a run fails before anything is written.</summary>
    public static IReadOnlyList<RunFolder> Read(IReadOnlyList<string> dirs)
    {
        if (dirs.Count == 0) throw new InputException("no run folders given");
        var runs = dirs.Select(RunFolder.Read).ToList();
        var duplicate = runs.GroupBy(r => Path.GetFullPath(r.Dir).TrimEnd('/')).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw InputException.ForFile(duplicate.First().Dir, "given twice");
        return runs;
    }

    /// <summary>The settings whose values differ between <paramref name="runs"/> (config.json names, in its order); the method is always shown apart.</summary>
    public static IReadOnlyList<string> DifferingSettings(IReadOnlyList<RunFolder> runs)
    {
        var keys = runs.SelectMany(r => r.Settings.Keys).Distinct().Where(k => k != "method");
        return [.. keys.Where(k => runs.Select(r => r.Settings.GetValueOrDefault(k, "–")).Distinct().Count() > 1)];
    }

    /// <summary>"a (k 8, lambda 0.5)": the run's folder name and its values of the settings that differ.</summary>
    public static string Label(RunFolder run, IReadOnlyList<string> differing)
    {
        // Settings the run does not use ("–": DCGAN's k) are left out of its label: "b (dcgan)", not "b (dcgan, k –, lambda –)".
        var settings = differing.Where(k => k != "data" && run.Settings.GetValueOrDefault(k, "–") != "–")
            .Select(k => $"{k} {run.Settings[k]}").Prepend(TrainConfig.MethodName(run.Config.Method));
        return $"{run.Name} ({string.Join(", ", settings)})";
    }

    /// <summary>Every metric column of the runs' metrics.csv files, in order of first appearance.</summary>
    public static IReadOnlyList<string> MetricColumns(IReadOnlyList<RunFolder> runs) =>
        [.. runs.Where(r => r.Metrics is not null).SelectMany(r => r.Metrics!.Columns).Where(c => c != "step").Distinct()];

    /// <summary>The losses any run logged (and <see cref="MeanActivation"/> when a run logged activations).</summary>
    public static IReadOnlyList<string> LossColumnsOf(IReadOnlyList<RunFolder> runs)
    {
        var columns = LossColumns.Where(c => runs.Any(r => r.Losses.Column(c) is not null)).ToList();
        if (runs.Any(r => Activations(r.Losses) is not null)) columns.Add(MeanActivation);
        return columns;
    }

    /// <summary>The mean over heads of a_1..a_K at each logged step, or null when the log has no activations.</summary>
    public static double[]? Activations(CurveFile losses)
    {
        var heads = losses.Columns.Where(c => c.StartsWith("a_", StringComparison.Ordinal) && c != MeanActivation).Select(c => losses.Column(c)!).ToList();
        if (heads.Count == 0) return null;
        return [.. Enumerable.Range(0, heads[0].Length).Select(i => heads.Average(h => h[i]))];
    }

    /// <summary>A log column of a run: a loss, <see cref="MeanActivation"/>, or a metric; with its steps; null when the run has none.</summary>
    public static (double[] Steps, double[] Values)? Curve(RunFolder run, string column)
    {
        if (column == MeanActivation) return Activations(run.Losses) is { } a ? (run.Losses.Column("step")!, a) : null;
        if (run.Losses.Column(column) is { } loss) return (run.Losses.Column("step")!, loss);
        if (run.Metrics?.Column(column) is { } metric) return (run.Metrics.Column("step")!, metric);
        return null;
    }

    /// <summary>The label of a column: the registry's with its better direction ("FID ↓"), else its name.</summary>
    public static string ColumnLabel(string column) =>
        column == MeanActivation ? "mean a_k" : MetricRegistry.FindKey(column)?.Display ?? column;

    public static ComparisonTable Table(IReadOnlyList<RunFolder> runs, int last = DefaultLast)
    {
        if (last < 1) throw new InputException($"--last must be at least 1, got {last}");
        var differing = DifferingSettings(runs);
        var losses = LossColumnsOf(runs);
        var metrics = MetricColumns(runs);
        var keys = new List<string> { "run", "method" };
        keys.AddRange(differing);
        keys.Add("steps");
        keys.AddRange(losses);
        keys.AddRange(metrics);
        var labels = keys.Select(k => metrics.Contains(k) ? ColumnLabel(k) : k == MeanActivation ? ColumnLabel(k) : k).ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in runs)
        {
            var row = new List<string> { run.Name, TrainConfig.MethodName(run.Config.Method) };
            row.AddRange(differing.Select(k => run.Settings.GetValueOrDefault(k, "–")));
            row.Add(run.TotalSteps is { } total && total > run.Steps ? $"{run.Steps} of {total}" : run.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
            row.AddRange(losses.Select(c => Curve(run, c) is { } curve ? SignificantDigits.Format(LastMean(curve.Values, last)) : ""));
            row.AddRange(metrics.Select(c => Curve(run, c) is { } curve ? SignificantDigits.Format(LastFinite(curve.Values)) : ""));
            rows.Add(row);
        }
        var note = $"losses: mean of each run's last {last} logged steps (fewer when it logged fewer); metrics: the last step metrics.csv logged; "
                   + $"{SignificantDigits.Default} significant digits";
        return new ComparisonTable(labels, keys, rows, note);
    }

    /// <summary>The mean of the last <paramref name="n"/> finite values (NaN when there are none).</summary>
    public static double LastMean(double[] values, int n)
    {
        var tail = values.Where(double.IsFinite).TakeLast(n).ToList();
        return tail.Count == 0 ? double.NaN : tail.Average();
    }

    static double LastFinite(double[] values) => values.LastOrDefault(double.IsFinite, double.NaN);

    /// <summary>The table as aligned text (a header, a rule, one line per run; numbers right-aligned), the same at any terminal width.</summary>
    public static string Text(ComparisonTable table)
    {
        var widths = table.Labels.Select((l, c) => table.Rows.Select(r => r[c].Length).Append(l.Length).Max()).ToArray();
        static bool Number(string s) => double.TryParse(s.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        // A column of numbers (and blanks, "–") is right-aligned, header included; the others left-aligned.
        var numeric = table.Labels.Select((_, c) => c > 0 && table.Rows.Any(r => Number(r[c])) && table.Rows.All(r => r[c] is "" or "–" || Number(r[c]))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((s, c) => numeric[c] ? s.PadLeft(widths[c]) : s.PadRight(widths[c]))).TrimEnd();
        var lines = new List<string> { Line(table.Labels), string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(table.Rows.Select(Line));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The table as CSV (column keys as the header; cells as shown, quoted where needed).</summary>
    public static string Csv(ComparisonTable table)
    {
        static string Cell(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var lines = new List<string> { string.Join(',', table.Keys.Select(Cell)) };
        lines.AddRange(table.Rows.Select(r => string.Join(',', r.Select(Cell))));
        return string.Join('\n', lines) + "\n";
    }
}
