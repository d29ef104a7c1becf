using MmaGan.Eval.Metrics;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// Features of a small model with the FID contract, whose dead units make small-N covariances rank-deficient: conv3×3 (3→16) → ReLU → conv1×1 (16→d)
/// → ReLU → global average pool, on random 8×8 RGB images (features rounded to float32, as an ONNX model returns them). With N &lt; d samples the covariance is rank-deficient, and
/// dead ReLU units give exactly-zero rows and columns.
/// </summary>
internal static class RankDeficientFeatures
{
    public static GaussianStats Stats(int samples, int d, int seed, double imageShift = 0)
    {
        const int c = 16, hw = 8;
        var weights = new Random(1234);   // the same feature model for every call
        var w1 = new double[c * 3 * 9];
        for (var i = 0; i < w1.Length; i++) w1[i] = weights.NextDouble() - 0.5;
        var w2 = new double[d * c];
        for (var i = 0; i < w2.Length; i++) w2[i] = weights.NextDouble() - 0.5;
        var rng = new Random(seed);
        var stats = new GaussianStats(d);
        var img = new double[3 * hw * hw];
        var h1 = new double[c * hw * hw];
        var f = new double[d];
        var batch = new float[samples * d];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < img.Length; i++) img[i] = rng.NextDouble() + imageShift;
            Array.Clear(h1);
            for (var o = 0; o < c; o++)
                for (var y = 0; y < hw; y++)
                    for (var x = 0; x < hw; x++)
                    {
                        var acc = 0.0;
                        for (var ch = 0; ch < 3; ch++)
                            for (var dy = -1; dy <= 1; dy++)
                                for (var dx = -1; dx <= 1; dx++)
                                {
                                    int yy = y + dy, xx = x + dx;
                                    if (yy < 0 || yy >= hw || xx < 0 || xx >= hw) continue;
                                    acc += w1[((o * 3 + ch) * 3 + dy + 1) * 3 + dx + 1] * img[(ch * hw + yy) * hw + xx];
                                }
                        h1[(o * hw + y) * hw + x] = Math.Max(0, acc);
                    }
            Array.Clear(f);
            for (var k = 0; k < d; k++)
            {
                var sum = 0.0;
                for (var p = 0; p < hw * hw; p++)
                {
                    var acc = 0.0;
                    for (var o = 0; o < c; o++) acc += w2[k * c + o] * h1[o * hw * hw + p];
                    sum += Math.Max(0, acc);
                }
                f[k] = sum / (hw * hw);
            }
            for (var k = 0; k < d; k++) batch[s * d + k] = (float)f[k];
        }
        stats.AddBatch(batch, samples);
        return stats;
    }
}
