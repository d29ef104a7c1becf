namespace MmaGan.Eval.Metrics;

/// <summary>FD∞ and the FID values it was fitted to.</summary>
/// <param name="FdInf">The intercept of the least-squares line FID_N = FD∞ + slope/N.</param>
public sealed record FdInfResult(double FdInf, double Slope, IReadOnlyList<FidAtN> Points);

/// <summary>FID of the first <paramref name="N"/> rows of a shuffle of the generated features.</summary>
public sealed record FidAtN(int N, double Fid);

/// <summary>
/// FD∞ (Chong &amp; Forsyth 2020, "Effectively Unbiased FID and Inception Score and where to find them") by
/// FID_IS_infinity's <c>calculate_FID_infinity_path</c>: with N the number of generated samples,
/// Nᵢ = int(linspace(min_n, N, points)ᵢ); for each i in turn the generated features are shuffled in place
/// (numpy's legacy shuffle, here of a row order, from one RandomState(seed) — their code uses the global numpy state,
/// so <c>np.random.seed(seed)</c> before it gives the same draws), FIDᵢ = FID(first Nᵢ rows, reference); then ordinary
/// least squares FIDᵢ = a + b·(1/Nᵢ) and FD∞ = a (the prediction at 1/N = 0):
/// <code>b = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²,  a = ȳ − b·x̄,  xᵢ = 1/Nᵢ</code>
/// </summary>
public static class FrechetDistanceInfinity
{
    public const int DefaultPoints = Shared.Metrics.EvaluationDefaults.FdInfPoints, DefaultMinN = Shared.Metrics.EvaluationDefaults.FdInfMinN;
    const int GatherRows = 1024;

    /// <summary>numpy's <c>np.linspace(start, stop, num).astype('int32')</c>: start + i·(stop−start)/(num−1), last = stop, truncated.</summary>
    public static int[] SampleCounts(int start, int stop, int num)
    {
        var step = (double)(stop - start) / (num - 1);
        var r = new int[num];
        for (var i = 0; i < num; i++) r[i] = (int)(i * step + start);
        r[^1] = stop;
        return r;
    }

    /// <param name="fake">The generated features (FID_IS_infinity's fake_act).</param>
    /// <param name="realMu">Reference mean and covariance (its real_m, real_s).</param>
    public static FdInfResult Compute(FeatureMatrix fake, double[] realMu, double[] realSigma, int points = DefaultPoints, int minN = DefaultMinN,
        uint seed = 0, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        if (points < 2) throw new ArgumentException($"--fd-inf-points must be at least 2, got {points}");
        if (minN < 2) throw new ArgumentException($"--fd-inf-min-n must be at least 2, got {minN}");
        if (fake.Rows <= minN) throw new ArgumentException($"--fd-inf-min-n {minN} must be smaller than the number of generated samples ({fake.Rows})");
        if (realMu.Length != fake.Cols) throw new ArgumentException($"{fake.Cols}-d features cannot be compared with {realMu.Length}-d reference statistics");
        var counts = SampleCounts(minN, fake.Rows, points);
        var rng = new Mt19937(seed);
        var order = Enumerable.Range(0, fake.Rows).ToArray();
        var buffer = new float[GatherRows * fake.Cols];
        var result = new List<FidAtN>(points);
        long done = 0;
        foreach (var n in counts)
        {
            cancellation.ThrowIfCancellationRequested();
            rng.Shuffle(order);
            var stats = new GaussianStats(fake.Cols);
            for (var r0 = 0; r0 < n; r0 += GatherRows)
            {
                var rows = Math.Min(GatherRows, n - r0);
                for (var r = 0; r < rows; r++) fake.Row(order[r0 + r]).CopyTo(buffer.AsSpan(r * fake.Cols, fake.Cols));
                stats.AddBatch(buffer, rows);
            }
            result.Add(new FidAtN(n, FrechetDistance.Compute(stats.Mean(), stats.Covariance(), realMu, realSigma)));
            progress?.Report(done += n);
        }
        var (a, b) = FitInverseN(result);
        return new FdInfResult(a, b, result);
    }

    /// <summary>Least squares y = a + b·x with x = 1/N (sklearn's LinearRegression, which centres x and y).</summary>
    public static (double Intercept, double Slope) FitInverseN(IReadOnlyList<FidAtN> points)
    {
        var x = points.Select(p => 1.0 / p.N).ToArray();
        var y = points.Select(p => p.Fid).ToArray();
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        var slope = sxx > 0 ? sxy / sxx : 0;
        return (my - slope * mx, slope);
    }

    /// <summary>Rows the <see cref="Compute"/> pass accumulates (for progress).</summary>
    public static long Work(int total, int points, int minN) => SampleCounts(minN, total, points).Sum(n => (long)n);
}
