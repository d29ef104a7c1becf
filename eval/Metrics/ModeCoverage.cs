namespace MmaGan.Eval.Metrics;

/// <summary>Modes covered and the KL divergence of the mode distribution from uniform (PacGAN's Stacked MNIST metrics).</summary>
/// <param name="N">Samples classified.</param>
/// <param name="ModesTotal">Possible modes M: 10^d for d digits per sample (1,000 for Stacked MNIST, 10 for MNIST).</param>
/// <param name="ModesCovered">Modes seen at least once.</param>
/// <param name="KlToUniform">KL(p ‖ uniform) in nats.</param>
/// <param name="Counts">Samples per mode, indexed by mode (the digits read as a base-10 number, R first).</param>
public sealed record ModeCoverageResult(int N, int ModesTotal, int ModesCovered, double KlToUniform, int[] Counts);

/// <summary>
/// Mode statistics of classified samples, as PacGAN's <c>log_metrics</c> computes them for Stacked MNIST: a sample's mode is its
/// digit tuple (R, G, B) read as the number 100·d_R + 10·d_G + d_B, p_j = n_j / N the share of mode j, and
/// <code>
/// modes covered = |{ j : n_j ≥ 1 }|        KL(p ‖ u) = Σ_{j : n_j ≥ 1} p_j · ln(p_j / (1/M)) = Σ_j p_j ln(M · p_j)
/// </code>
/// with M = 10^digits modes (natural logarithm; 0 when all modes are equally frequent, ln M when one mode holds everything).
/// </summary>
public static class ModeCoverage
{
    /// <summary>From the classes of <paramref name="count"/> samples' digits, <paramref name="digits"/> per sample, sample-major.</summary>
    public static ModeCoverageResult FromDigits(IReadOnlyList<int> classes, int count, int digits)
    {
        if (classes.Count != count * digits) throw new ArgumentException($"{classes.Count} digit classes for {count} samples of {digits} digits");
        var total = (int)Math.Pow(10, digits);
        var modes = new int[count];
        for (var i = 0; i < count; i++)
            for (var d = 0; d < digits; d++) modes[i] = modes[i] * 10 + classes[i * digits + d];
        return FromModes(modes, total);
    }

    /// <summary>From each sample's mode index in 0 … <paramref name="modesTotal"/> − 1.</summary>
    public static ModeCoverageResult FromModes(IReadOnlyList<int> modes, int modesTotal)
    {
        if (modes.Count == 0) throw new ArgumentException("no samples");
        var counts = new int[modesTotal];
        foreach (var m in modes) counts[m]++;
        var n = (double)modes.Count;
        double kl = 0;
        var covered = 0;
        foreach (var c in counts)
        {
            if (c == 0) continue;
            covered++;
            var p = c / n;
            kl += p * Math.Log(p * modesTotal);
        }
        return new ModeCoverageResult(modes.Count, modesTotal, covered, Math.Max(0, kl), counts);
    }
}
