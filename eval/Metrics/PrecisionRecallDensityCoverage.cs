namespace MmaGan.Eval.Metrics;

/// <summary>The four manifold metrics of Naeem et al. 2020 (and Kynkäänniemi et al. 2019 for precision/recall).</summary>
public sealed record PrdcResult(double Precision, double Recall, double Density, double Coverage);

/// <summary>
/// Precision, recall, density and coverage exactly as clovaai prdc's <c>compute_prdc(real, fake, nearest_k)</c>, with
/// r(x) the distance from x to its k-th nearest neighbour in its own set (self excluded), strict &lt; throughout:
/// <code>
/// precision = (1/M) Σⱼ 1[∃i: ‖Yⱼ − Xᵢ‖ &lt; r(Xᵢ)]          recall   = (1/N) Σᵢ 1[∃j: ‖Xᵢ − Yⱼ‖ &lt; r(Yⱼ)]
/// density   = (1/(kM)) Σⱼ Σᵢ 1[‖Yⱼ − Xᵢ‖ &lt; r(Xᵢ)]      coverage = (1/N) Σᵢ 1[minⱼ ‖Xᵢ − Yⱼ‖ &lt; r(Xᵢ)]
/// </code>
/// (X real, N rows; Y fake, M rows). Distances by tiles (<see cref="PairwiseDistanceBlocks"/>): memory is the two
/// feature sets plus O(N + M) counters and one tile — 50k × 50k needs no 50k × 50k matrix. With k = 3, precision and
/// recall equal torch-fidelity's <c>prc</c> (which uses ≤; the two differ only on exact distance ties).
/// </summary>
public static class PrecisionRecallDensityCoverage
{
    public const int DefaultK = Shared.Metrics.EvaluationDefaults.PrdcK;

    public static PrdcResult Compute(FeatureMatrix real, FeatureMatrix fake, int k = DefaultK, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        if (real.Cols != fake.Cols) throw new ArgumentException($"features of different dimensions ({real.Cols} vs {fake.Cols})");
        if (k < 1) throw new ArgumentException($"--prdc-k must be at least 1, got {k}");
        if (k >= real.Rows || k >= fake.Rows)
            throw new ArgumentException($"--prdc-k {k} needs more than {k} samples on each side (real: {real.Rows}, fake: {fake.Rows})");
        var realBlocks = new PairwiseDistanceBlocks(real, real);
        var fakeBlocks = new PairwiseDistanceBlocks(fake, fake);
        var crossBlocks = new PairwiseDistanceBlocks(real, fake);
        long offset = 0;
        var phase = progress == null ? null : new Progress(progress, () => offset);
        var realRadii = NearestNeighbourRadii.Squared(real, k, cancellation, phase);
        offset += realBlocks.Work();
        var fakeRadii = NearestNeighbourRadii.Squared(fake, k, cancellation, phase);
        offset += fakeBlocks.Work();

        var inRealBalls = new int[fake.Rows];      // per fake: number of real balls containing it
        var recalled = new bool[real.Rows];        // per real: inside some fake ball
        var covered = new bool[real.Rows];         // per real: its ball contains some fake
        crossBlocks.ForEachTile((i0, rows, j0, cols, d2) =>
        {
            for (var i = 0; i < rows; i++)
            {
                var ri = realRadii[i0 + i];
                bool rec = false, cov = false;
                for (var j = 0; j < cols; j++)
                {
                    var v = d2[i * cols + j];
                    if (v < ri) { inRealBalls[j0 + j]++; cov = true; }
                    if (v < fakeRadii[j0 + j]) rec = true;
                }
                if (rec) recalled[i0 + i] = true;
                if (cov) covered[i0 + i] = true;
            }
        }, cancellation, phase);

        double m = fake.Rows, n = real.Rows;
        var precision = inRealBalls.Count(c => c > 0) / m;
        var density = inRealBalls.Sum(c => (long)c) / (k * m);
        var recall = recalled.Count(b => b) / n;
        var coverage = covered.Count(b => b) / n;
        return new PrdcResult(precision, recall, density, coverage);
    }

    /// <summary>Total distance entries of the three passes (for progress).</summary>
    public static long Work(FeatureMatrix real, FeatureMatrix fake) =>
        new PairwiseDistanceBlocks(real, real).Work() + new PairwiseDistanceBlocks(fake, fake).Work() + (long)real.Rows * fake.Rows;

    sealed class Progress(IProgress<long> inner, Func<long> offset) : IProgress<long>
    {
        public void Report(long value) => inner.Report(offset() + value);
    }
}
