using System.Globalization;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Reports;

/// <summary>
/// One evaluation of one generator: a row of the CSV report written by <c>mmagan-eval run</c>. The columns are the run's
/// bookkeeping (<see cref="Head"/>, <see cref="Tail"/>), the standard metrics' columns (always present, empty when not
/// asked for: the report format of earlier versions), and then every other key of the metrics asked for, from
/// <see cref="MetricRegistry"/> (values, settings and seeds: <c>is_seed</c>, <c>lpips_seed</c>, <c>kid_mean,…,kid_seed</c>).
/// The evaluation's own settings that change its numbers (<see cref="MetricRegistry.EvaluationSettings"/>: feature model
/// and digest, dims, n_ref, image size, caveats) follow <c>comparable</c>, so that no row reads like another protocol's.
/// </summary>
public sealed record ReportRow
{
    public string Timestamp { get; init; } = "";
    public string Generator { get; init; } = "";
    public string GeneratorSha256 { get; init; } = "";
    public string Method { get; init; } = "";
    public string K { get; init; } = "";
    public string Lambda { get; init; } = "";
    public string Tau { get; init; } = "";
    public string Step { get; init; } = "";
    /// <summary>The latent seed.</summary>
    public int Seed { get; init; }
    public int N { get; init; }
    public string Reference { get; init; } = "";
    public double Seconds { get; init; }
    public string Device { get; init; } = "";
    public string InceptionSha256 { get; init; } = "";
    public string LpipsSha256 { get; init; } = "";
    /// <summary>yes / no / unknown: whether the feature models were built from the official weights (FeatureModelProvenance).</summary>
    public string Comparable { get; init; } = "";
    /// <summary>The evaluation's settings by key (<see cref="SettingColumns"/>; null: an empty cell).</summary>
    public IReadOnlyDictionary<string, object?> Settings { get; init; } = new Dictionary<string, object?>();
    /// <summary>The metrics asked for (their keys are the row's metric columns).</summary>
    public IReadOnlyList<MetricDescriptor> Metrics { get; init; } = [];
    /// <summary>Each metric key's value: a number, a string setting, or null (an empty cell).</summary>
    public IReadOnlyDictionary<string, object?> Values { get; init; } = new Dictionary<string, object?>();

    public static readonly string[] Head = ["timestamp", "generator", "generator_sha256", "method", "k", "lambda", "tau", "step", "seed", "n", "reference"];

    /// <summary>The columns of FID, IS and LPIPS that every report has, asked for or not.</summary>
    public static readonly string[] StandardMetricColumns = ["fid", "is_mean", "is_std", "is_splits", "lpips_diversity", "pairs", "lpips_pairing"];

    public static readonly string[] Tail = ["seconds", "device", "inception_sha256", "lpips_sha256", "comparable"];

    /// <summary>The evaluation settings after <see cref="Tail"/>: those of <see cref="MetricRegistry.EvaluationSettings"/> not among the columns before.</summary>
    public static readonly string[] SettingColumns = [.. MetricRegistry.EvaluationSettings.Select(k => k.Key).Where(k => !Head.Contains(k) && !Tail.Contains(k))];

    /// <summary>The metric keys after <see cref="Tail"/>: those of the metrics asked for that are not standard columns, in registry order.</summary>
    public string[] ExtraColumns => MetricRegistry.All.Where(Metrics.Contains).SelectMany(m => m.Keys).Select(k => k.Key)
        .Where(k => !StandardMetricColumns.Contains(k) && !Head.Contains(k) && !SettingColumns.Contains(k)).Distinct().ToArray();

    public string[] Header => [.. Head, .. StandardMetricColumns, .. Tail, .. SettingColumns, .. ExtraColumns];

    public string[] ToFields() =>
    [
        Timestamp, Generator, GeneratorSha256, Method, K, Lambda, Tau, Step, I(Seed), I(N), Reference,
        .. StandardMetricColumns.Select(Cell), R(Seconds), Device, InceptionSha256, LpipsSha256, Comparable,
        .. SettingColumns.Select(k => Format(Settings.GetValueOrDefault(k))), .. ExtraColumns.Select(Cell),
    ];

    string Cell(string key) => Format(Values.GetValueOrDefault(key));

    /// <summary>A value as a CSV cell: numbers round-trip ("R"), strings as they are, null empty.</summary>
    public static string Format(object? v) => v switch
    {
        null => "",
        double d => R(d),
        float f => R(f),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
