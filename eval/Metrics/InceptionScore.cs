namespace MmaGan.Eval.Metrics;

public sealed record InceptionScoreResult(double Mean, double Std, IReadOnlyList<double> SplitScores);

/// <summary>
/// Inception Score (Salimans et al. 2016) exactly as torch-fidelity's isc_features_to_metric: optionally permute
/// the rows with np.random.RandomState(2020).permutation(N); in float64, p = softmax(logits), split into
/// <c>splits</c> chunks [i·N/splits, (i+1)·N/splits); per chunk IS = exp(mean_x KL(p(y|x) ‖ p̄(y))) with p̄ the
/// chunk's mean of p; result: mean and population std (numpy ddof=0) of the chunk scores.
/// </summary>
public static class InceptionScore
{
    public const uint DefaultSeed = Shared.Metrics.EvaluationDefaults.IsSeed;

    /// <param name="logits">[n, classes] row-major (float32 as read from the model or a .npy).</param>
    public static InceptionScoreResult Compute(ReadOnlySpan<float> logits, int n, int classes, int splits = 10, bool shuffle = true, uint seed = DefaultSeed)
    {
        if (n < 2) throw new ArgumentException($"Inception Score needs at least 2 samples, got {n}");
        if (splits < 1 || splits > n) throw new ArgumentException($"splits must be in [1, {n}], got {splits}");
        if (logits.Length < (long)n * classes) throw new ArgumentException("logits shorter than n×classes");
        var order = shuffle ? Mt19937.Permutation(n, seed) : Enumerable.Range(0, n).ToArray();
        var scores = new double[splits];
        var q = new double[classes];
        var maxRows = (n + splits - 1) / splits + 1;
        var logP = new double[maxRows * classes]; // one split at a time: memory O(N/splits · classes)
        for (var s = 0; s < splits; s++)
        {
            var start = s * n / splits;
            var end = (s + 1) * n / splits;
            var rows = end - start;
            // log-softmax per row in float64.
            for (var r = 0; r < rows; r++)
            {
                var src = logits.Slice(order[start + r] * classes, classes);
                var max = double.NegativeInfinity;
                foreach (var v in src) max = Math.Max(max, v);
                var sum = 0.0;
                foreach (var v in src) sum += Math.Exp(v - max);
                var lse = max + Math.Log(sum);
                for (var c = 0; c < classes; c++) logP[r * classes + c] = src[c] - lse;
            }
            Array.Clear(q);
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < classes; c++) q[c] += Math.Exp(logP[r * classes + c]);
            for (var c = 0; c < classes; c++) q[c] = Math.Log(q[c] / rows);
            var klSum = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var kl = 0.0;
                for (var c = 0; c < classes; c++)
                {
                    var lp = logP[r * classes + c];
                    kl += Math.Exp(lp) * (lp - q[c]);
                }
                klSum += kl;
            }
            scores[s] = Math.Exp(klSum / rows);
        }
        var mean = scores.Average();
        var std = Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / splits);
        return new InceptionScoreResult(mean, std, scores);
    }
}
