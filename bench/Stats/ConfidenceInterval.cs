namespace MmaGan.Bench.Stats;

/// <summary>A point estimate with a confidence interval [Low, High] (NaN bounds when there are too few values).</summary>
public sealed record ConfidenceInterval(double Estimate, double Low, double High);
