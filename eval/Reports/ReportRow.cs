using System.Globalization;

namespace MmaGan.Eval.Reports;

/// <summary>One evaluation of one generator: a row of the CSV report written by <c>mmagan-eval run</c>.</summary>
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
    public int Seed { get; init; }
    public int N { get; init; }
    public string Reference { get; init; } = "";
    public double? Fid { get; init; }
    public double? IsMean { get; init; }
    public double? IsStd { get; init; }
    public int? IsSplits { get; init; }
    public double? LpipsDiversity { get; init; }
    public int? Pairs { get; init; }
    /// <summary>"random" or "consecutive" (see <see cref="Metrics.LpipsDiversity.Pairs"/>).</summary>
    public string LpipsPairing { get; init; } = "";
    public double Seconds { get; init; }
    public string Device { get; init; } = "";
    public string InceptionSha256 { get; init; } = "";
    public string LpipsSha256 { get; init; } = "";
    /// <summary>yes / no / unknown: whether the feature models were built from the official weights (FeatureModelProvenance).</summary>
    public string Comparable { get; init; } = "";
    /// <summary>Columns of the metrics beyond FID/IS/LPIPS that <c>run --metrics</c> asked for (e.g. kid_mean), in order, after the standard ones.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Extra { get; init; } = [];

    /// <summary>This row's header: <see cref="Columns"/> then the <see cref="Extra"/> columns.</summary>
    public string[] Header => [.. Columns, .. Extra.Select(e => e.Key)];

    /// <summary>The CSV column names, in order.</summary>
    public static readonly string[] Columns =
    [
        "timestamp", "generator", "generator_sha256", "method", "k", "lambda", "tau", "step", "seed", "n", "reference",
        "fid", "is_mean", "is_std", "is_splits", "lpips_diversity", "pairs", "lpips_pairing", "seconds", "device", "inception_sha256", "lpips_sha256",
        "comparable",
    ];

    public string[] ToFields() =>
    [
        Timestamp, Generator, GeneratorSha256, Method, K, Lambda, Tau, Step, I(Seed), I(N), Reference,
        O(Fid), O(IsMean), O(IsStd), IsSplits is { } k ? I(k) : "",
        O(LpipsDiversity), Pairs is { } p ? I(p) : "", LpipsPairing, R(Seconds), Device,
        InceptionSha256, LpipsSha256,
        Comparable, .. Extra.Select(e => R(e.Value)),
    ];

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    static string O(double? v) => v is { } x ? R(x) : "";
}
