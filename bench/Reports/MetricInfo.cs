namespace MmaGan.Bench.Reports;

/// <summary>What the summary knows about a metric: display name and which direction is better.</summary>
public static class MetricInfo
{
    /// <summary>Evaluator fields that are bookkeeping, not results (sample counts), left out of the summary.</summary>
    public static readonly string[] Bookkeeping = ["n", "modes_total", "pairs"];

    public static bool HigherIsBetter(string metric) => metric is not ("fid" or "reverse_kl" or "kid_mean" or "fd_inf");

    /// <summary>The metric the verdict is drawn from: reverse KL on toys, FID on images.</summary>
    public static string? Primary(IReadOnlyCollection<string> metrics) =>
        metrics.Contains("reverse_kl") ? "reverse_kl" : metrics.Contains("fid") ? "fid" : metrics.FirstOrDefault();

    /// <summary>
    /// The values a metric can take, for plot axes (which never extend beyond it): fractions in [0, 1], mode counts in
    /// [0, <paramref name="modesTotal"/>], IS ≥ 1, FID / KL / LPIPS ≥ 0; null High = unbounded above.
    /// </summary>
    public static (double Low, double? High) Domain(string metric, double? modesTotal = null) => metric switch
    {
        "hq_fraction" => (0, 1),
        "modes_covered_hq" or "modes_covered_1pct" => (0, modesTotal),
        "is_mean" => (1, null),
        _ => (0, null),
    };

    /// <summary>A method as the tables write it: MMA-GAN, DCGAN, WGAN-GP.</summary>
    public static string MethodDisplay(string method) => method switch
    {
        "mma" => "MMA-GAN",
        "dcgan" => "DCGAN",
        "wgan-gp" => "WGAN-GP",
        _ => method,
    };

    public static string Display(string metric) => metric switch
    {
        "fid" => "FID ↓",
        "is_mean" => "IS ↑",
        "is_std" => "IS std",
        "lpips_diversity" => "LPIPS diversity ↑",
        "modes_covered_hq" => "modes (≥1 HQ) ↑",
        "modes_covered_1pct" => "modes (≥1%) ↑",
        "hq_fraction" => "HQ fraction ↑",
        "reverse_kl" => "reverse KL ↓",
        "train_seconds" => "train s",
        "kid_mean" => "KID ↓",
        "kid_std" => "KID std",
        "precision" => "precision ↑",
        "recall" => "recall ↑",
        "density" => "density ↑",
        "coverage" => "coverage ↑",
        "fd_inf" => "FD∞ ↓",
        _ => metric,
    };
}
