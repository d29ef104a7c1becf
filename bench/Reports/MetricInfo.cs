using MmaGan.Shared.Metrics;

namespace MmaGan.Bench.Reports;

/// <summary>What the summary knows about a metric key — label, better direction, range, whether it is summarised — read
/// from the evaluator's <see cref="MetricRegistry"/>, plus the sweep's own measure <c>train_seconds</c>.</summary>
public static class MetricInfo
{
    static readonly MetricKey TrainSeconds = new("train_seconds", "train s", Better.Neither);

    static MetricKey? Key(string key) => key == TrainSeconds.Key ? TrainSeconds : MetricRegistry.FindKey(key);

    /// <summary>Whether a value is bookkeeping (a sample count, a setting, a seed), left out of the summary.</summary>
    public static bool IsBookkeeping(string key) => Key(key) is { Summarised: false };

    /// <summary>Which way <paramref name="key"/> is better (unknown keys: neither).</summary>
    public static Better BetterOf(string key) => Key(key)?.Better ?? Better.Neither;

    /// <summary>+1 when higher is better, −1 when lower is, 0 when neither (a spread such as is_std, a time).</summary>
    public static int Sign(string key) => BetterOf(key) switch { Better.Higher => 1, Better.Lower => -1, _ => 0 };

    /// <summary>The metric the verdict is drawn from: reverse KL on toys, FID on images, else the first that has a better direction.</summary>
    public static string? Primary(IReadOnlyCollection<string> metrics) =>
        metrics.Contains("reverse_kl") ? "reverse_kl" : metrics.Contains("fid") ? "fid" : metrics.FirstOrDefault(m => Sign(m) != 0);

    /// <summary>
    /// The values a metric can take, for plot axes (which never extend beyond it): its registry range, with a bound
    /// given by another key (mode counts by <c>modes_total</c>) taken from <paramref name="modesTotal"/>; null High = unbounded above.
    /// </summary>
    public static (double Low, double? High) Domain(string metric, double? modesTotal = null) => Key(metric) is { } k
        ? (k.Low, k.BoundedBy is not null ? modesTotal : k.High)
        : (0, null);

    /// <summary>A method as the tables write it: MMA-GAN, DCGAN, WGAN-GP.</summary>
    public static string MethodDisplay(string method) => method switch
    {
        "mma" => "MMA-GAN",
        "dcgan" => "DCGAN",
        "wgan-gp" => "WGAN-GP",
        _ => method,
    };

    /// <summary>The label with the better direction ("FID ↓", "IS std"); unknown keys as they are.</summary>
    public static string Display(string metric) => Key(metric)?.Display ?? metric;
}
