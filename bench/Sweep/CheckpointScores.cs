using System.Globalization;
using System.Text;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// A run's learning curve: <c>RUN/curve.csv</c>, a row per scored checkpoint — <c>step</c>, then the metrics (as the run's
/// result names them, bookkeeping keys such as <c>n</c> left out). Written by the sweep for configs with
/// <c>"eval": {"every_checkpoint": true}</c> and by tools/learning-curve.sh for a single run; read by the report
/// (learning-curves.md). Rewritten whole and atomically after every checkpoint, so a cut sweep continues where it stopped.
/// </summary>
public static class CheckpointScores
{
    public const string FileName = "curve.csv";

    public static string PathOf(string runDir) => Path.Combine(runDir, FileName);

    /// <summary>The rows already in <paramref name="runDir"/>'s curve.csv: step → metric → value (none when absent).</summary>
    public static SortedDictionary<long, Dictionary<string, double>> Read(string runDir)
    {
        var rows = new SortedDictionary<long, Dictionary<string, double>>();
        if (CurveFile.TryRead(PathOf(runDir)) is not { } curve || curve.Column("step") is not { } steps) return rows;
        for (var i = 0; i < steps.Length; i++)
            rows[(long)steps[i]] = curve.Columns.Select((c, j) => (c, j)).Where(x => x.c != "step" && double.IsFinite(curve.Values[x.j][i]))
                .ToDictionary(x => x.c, x => curve.Values[x.j][i], StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Writes every row, steps ascending, a column per metric any row has (sorted; empty where a row lacks it).</summary>
    public static void Write(string runDir, SortedDictionary<long, Dictionary<string, double>> rows)
    {
        var columns = rows.Values.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder().AppendLine(string.Join(',', ["step", .. columns]));
        foreach (var (step, metrics) in rows)
            csv.AppendLine(string.Join(',', [step.ToString(CultureInfo.InvariantCulture),
                .. columns.Select(c => metrics.TryGetValue(c, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")]));
        AtomicFile.WriteAllText(PathOf(runDir), csv.ToString());
    }
}
