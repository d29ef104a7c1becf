using System.Globalization;
using CsvHelper;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// results.csv: one row per run — run_id, config_id, dataset, method, k, lambda, tau, seed, steps, status, error,
/// train_seconds, eval_seconds, run_dir, resumed_from (the checkpoint step an interrupted run continued from, else empty),
/// d_size (the stacked-mnist D size, empty without that axis), then one column per metric (empty when a run lacks it).
/// </summary>
public static class ResultsTable
{
    public const string FileName = "results.csv";

    static readonly string[] Fixed = ["run_id", "config_id", "dataset", "method", "k", "lambda", "tau", "seed", "steps", "status", "error",
        "train_seconds", "eval_seconds", "run_dir", "resumed_from", "d_size"];

    /// <summary>Metric columns in a stable order: the registry's results in its order, then its bookkeeping keys (counts,
    /// settings, seeds), then any others alphabetically.</summary>
    public static readonly string[] MetricOrder =
    [
        .. Shared.Metrics.MetricRegistry.All.SelectMany(m => m.Results).Select(k => k.Key),
        .. Shared.Metrics.MetricRegistry.All.SelectMany(m => m.Keys).Where(k => !k.Summarised).Select(k => k.Key).Distinct(),
    ];

    public static IReadOnlyList<string> MetricColumns(IEnumerable<RunResult> results)
    {
        var names = results.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        return names.OrderBy(n => Array.IndexOf(MetricOrder, n) is var i && i >= 0 ? i : int.MaxValue).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    static string Num(double? v) => v is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    public static void Write(string path, IReadOnlyList<RunResult> results)
    {
        var metrics = MetricColumns(results);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteHeader(Fixed.Concat(metrics).ToArray());
            foreach (var r in results)
                csv.WriteRecord(new[]
                {
                    r.RunId, r.ConfigId, r.Dataset, r.Method, r.K?.ToString(CultureInfo.InvariantCulture) ?? "", Num(r.Lambda), Num(r.Tau),
                    r.Seed.ToString(CultureInfo.InvariantCulture), r.Steps?.ToString(CultureInfo.InvariantCulture) ?? "", r.Status, r.Error ?? "",
                    r.TrainSeconds.ToString("F2", CultureInfo.InvariantCulture), r.EvalSeconds.ToString("F2", CultureInfo.InvariantCulture), r.RunDir,
                    r.ResumedFrom?.ToString(CultureInfo.InvariantCulture) ?? "", Num(r.DSize),
                }.Concat(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? Num(v) : "")).ToArray());
            csv.Flush();
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static List<RunResult> Read(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such results file");
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, null, leaveOpen: false);
        var header = csv.Headers.ToArray();
        foreach (var h in new[] { "run_id", "config_id", "dataset", "method", "seed" })
            if (!header.Contains(h)) throw InputException.ForFile(path, $"not a results.csv: column '{h}' missing");
        var metricCols = header.Where(h => !Fixed.Contains(h)).ToArray();
        var rows = new List<RunResult>();
        string? Get(string name) => header.Contains(name) ? csv.GetString(name) : null;
        double? D(string name) => Get(name) is { Length: > 0 } s ? double.Parse(s, CultureInfo.InvariantCulture) : null;
        try
        {
            while (csv.Read())
            {
                var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var m in metricCols)
                    if (csv.GetString(m) is { Length: > 0 } s) metrics[m] = double.Parse(s, CultureInfo.InvariantCulture);
                rows.Add(new RunResult
                {
                    RunId = Get("run_id")!, ConfigId = Get("config_id")!, Dataset = Get("dataset")!, Method = Get("method")!,
                    K = D("k") is { } k ? (int)k : null, Lambda = D("lambda"), Tau = D("tau"), Seed = (int)D("seed")!.Value,
                    Steps = D("steps") is { } st ? (long)st : null, Status = Get("status") is { Length: > 0 } status ? status : "ok",
                    Error = Get("error") is { Length: > 0 } e ? e : null,
                    TrainSeconds = D("train_seconds") ?? 0, EvalSeconds = D("eval_seconds") ?? 0, RunDir = Get("run_dir") ?? "",
                    ResumedFrom = D("resumed_from") is { } rf ? (long)rf : null, DSize = D("d_size"), Metrics = metrics,
                });
            }
        }
        catch (FormatException e) { throw InputException.ForFile(path, $"bad number in row {csv.RowNumber}: {e.Message}"); }
        return rows;
    }
}
