namespace MmaGan.Bench.Stats;

/// <summary>The result of a Mann–Whitney U test: U of the first sample, the two-sided p-value and which method computed it.</summary>
public sealed record MannWhitneyResult(double U1, double PValue, string Method);

/// <summary>
/// Two-sided Mann–Whitney U test (Wilcoxon rank-sum), matching <c>scipy.stats.mannwhitneyu(x, y, alternative="two-sided")</c>
/// with its default method="auto": U₁ = R₁ − n₁(n₁+1)/2 from mid-ranks, U = max(U₁, n₁n₂ − U₁).
/// <list type="bullet">
/// <item><b>exact</b> when there are no ties and min(n₁, n₂) ≤ 8: p = 2·P(U′ ≥ U) under H₀, where the null distribution counts the
/// C(n₁+n₂, n₁) equally likely arrangements (recurrence f(m,n,u) = f(m−1,n,u−n) + f(m,n−1,u)); capped at 1.</item>
/// <item><b>asymptotic</b> otherwise: z = (U − n₁n₂/2 − ½) / σ with the tie-corrected
/// σ² = n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))) and continuity correction; p = 2·(1 − Φ(z)), capped at 1.</item>
/// </list>
/// Mann &amp; Whitney (1947); SciPy's implementation notes.
/// </summary>
public static class MannWhitney
{
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n1 = x.Count, n2 = y.Count;
        if (n1 == 0 || n2 == 0) return new MannWhitneyResult(double.NaN, double.NaN, "none");
        var all = x.Select(v => (Value: v, First: true)).Concat(y.Select(v => (Value: v, First: false))).OrderBy(p => p.Value).ToArray();
        var n = all.Length;
        var r1 = 0.0;
        var tieTerm = 0.0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value) j++;
            var midRank = (i + j) / 2.0 + 1;
            var t = j - i + 1;
            tieTerm += (double)t * t * t - t;
            for (var k = i; k <= j; k++) if (all[k].First) r1 += midRank;
            i = j + 1;
        }
        var u1 = r1 - n1 * (n1 + 1) / 2.0;
        var u = Math.Max(u1, (double)n1 * n2 - u1);
        var ties = tieTerm > 0;
        if (!ties && Math.Min(n1, n2) <= 8 && !(n1 > 8 && n2 > 8))
            return new MannWhitneyResult(u1, Math.Min(1, 2 * ExactUpperTail(n1, n2, (int)Math.Round(u))), "exact");
        var mu = n1 * (double)n2 / 2;
        var sigma = Math.Sqrt(n1 * (double)n2 / 12 * ((n + 1) - tieTerm / (n * (double)(n - 1))));
        if (sigma == 0) return new MannWhitneyResult(u1, 1, "asymptotic");
        var z = (u - mu - 0.5) / sigma;
        var p = 2 * NormalUpperTail(z);
        return new MannWhitneyResult(u1, Math.Min(1, Math.Max(0, p)), "asymptotic");
    }

    /// <summary>P(U ≥ u) under H₀ for sample sizes n1, n2 without ties.</summary>
    public static double ExactUpperTail(int n1, int n2, int u)
    {
        var max = n1 * n2;
        // counts[m][nn][u]: arrangements of m first-sample and nn second-sample items with U = u; rolled over m.
        var prev = new double[n2 + 1][];
        for (var nn = 0; nn <= n2; nn++) { prev[nn] = new double[max + 1]; prev[nn][0] = 1; } // m = 0: U = 0 only
        for (var m = 1; m <= n1; m++)
        {
            var cur = new double[n2 + 1][];
            cur[0] = new double[max + 1];
            cur[0][0] = 1;
            for (var nn = 1; nn <= n2; nn++)
            {
                cur[nn] = new double[max + 1];
                for (var v = 0; v <= m * nn; v++)
                    cur[nn][v] = (v - nn >= 0 ? prev[nn][v - nn] : 0) + cur[nn - 1][v];
            }
            prev = cur;
        }
        var dist = prev[n2];
        var total = dist.Sum();
        var tail = 0.0;
        for (var v = Math.Max(0, u); v <= max; v++) tail += dist[v];
        return tail / total;
    }

    /// <summary>1 − Φ(z) = ½·erfc(z/√2).</summary>
    public static double NormalUpperTail(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2));
}
