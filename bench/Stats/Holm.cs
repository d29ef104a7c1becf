namespace MmaGan.Bench.Stats;

/// <summary>
/// Holm's step-down adjustment for a family of m tests (Holm 1979), as <c>statsmodels.stats.multitest.multipletests(p,
/// method="holm")</c>: with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted ascending,
/// p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) · p₍ⱼ₎), returned in the input order. It controls the family-wise error rate at α
/// without assuming independence. A non-finite p (a comparison that was not made) is not a member of the family: it stays NaN
/// and does not count in m (statsmodels would count it).
/// </summary>
public static class Holm
{
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var adjusted = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        var order = Enumerable.Range(0, p.Count).Where(i => double.IsFinite(p[i])).OrderBy(i => p[i]).ToArray();
        var m = order.Length;
        var runningMax = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            runningMax = Math.Max(runningMax, Math.Min(1, (m - rank) * p[order[rank]]));   // (m − j + 1)·p₍ⱼ₎, j = rank + 1
            adjusted[order[rank]] = runningMax;
        }
        return adjusted;
    }
}
