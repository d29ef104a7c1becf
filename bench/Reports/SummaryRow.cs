namespace MmaGan.Bench.Reports;

/// <summary>
/// One row of summary.csv: one metric of one configuration over its seeds — mean with 95% percentile-bootstrap CI and,
/// for MMA-GAN configurations and the extra baselines (variants such as DCGAN+SN), the difference from the same dataset's DCGAN baseline (CI from a two-sample bootstrap) with a
/// two-sided Mann–Whitney U p-value. Diff columns are NaN for the baselines themselves or when there is no DCGAN run.
/// </summary>
public sealed record SummaryRow(string Dataset, string ConfigId, string Method, int? K, double? Lambda, double? Tau, string Label,
    string Metric, int Runs, int N, double Mean, double CiLow, double CiHigh,
    double DiffVsDcgan, double DiffCiLow, double DiffCiHigh, double MannWhitneyP, string MannWhitneyMethod);
