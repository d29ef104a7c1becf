namespace MmaGan.Bench.Stats;

/// <summary>
/// Percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13): resample the values with replacement B times, take the
/// statistic of each resample, and report the α/2 and 1−α/2 empirical quantiles (linear interpolation between order
/// statistics, numpy's default) as the (1−α) interval. Seeded, so a summary is reproducible: defaults B = 10,000, seed 12345.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 10_000;
    public const int DefaultSeed = 12345;

    /// <summary>Mean of <paramref name="values"/> with a percentile-bootstrap CI. One value: CI = [v, v]; none: all NaN.</summary>
    public static ConfidenceInterval Mean(IReadOnlyList<double> values, double level = 0.95, int resamples = DefaultResamples, int seed = DefaultSeed)
    {
        if (values.Count == 0) return new ConfidenceInterval(double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        var rng = new Random(seed);
        var stats = new double[resamples];
        for (var b = 0; b < resamples; b++) stats[b] = ResampleMean(values, rng);
        return Interval(mean, stats, level);
    }

    /// <summary>Difference of means mean(a) − mean(b), resampling each group independently (two-sample bootstrap).</summary>
    public static ConfidenceInterval MeanDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, double level = 0.95,
        int resamples = DefaultResamples, int seed = DefaultSeed)
    {
        if (a.Count == 0 || b.Count == 0) return new ConfidenceInterval(double.NaN, double.NaN, double.NaN);
        var diff = a.Average() - b.Average();
        var rng = new Random(seed);
        var stats = new double[resamples];
        for (var i = 0; i < resamples; i++) stats[i] = ResampleMean(a, rng) - ResampleMean(b, rng);
        return Interval(diff, stats, level);
    }

    static double ResampleMean(IReadOnlyList<double> values, Random rng)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++) sum += values[rng.Next(values.Count)];
        return sum / values.Count;
    }

    static ConfidenceInterval Interval(double estimate, double[] stats, double level)
    {
        Array.Sort(stats);
        var alpha = 1 - level;
        return new ConfidenceInterval(estimate, Quantile(stats, alpha / 2), Quantile(stats, 1 - alpha / 2));
    }

    /// <summary>The q-quantile of sorted values with linear interpolation (numpy.percentile's default "linear").</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
