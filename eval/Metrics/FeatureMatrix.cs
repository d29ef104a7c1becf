namespace MmaGan.Eval.Metrics;

/// <summary>
/// N feature vectors of dimension D, float32 row-major [Rows, Cols] (as the Inception model or a features .npy gives
/// them). The sample-based metrics (KID, PRDC, FD∞) read rows from it and compute in float64.
/// </summary>
public sealed record FeatureMatrix(float[] Data, int Rows, int Cols)
{
    public static FeatureMatrix Of(float[] data, int rows, int cols)
    {
        if (rows < 0 || cols < 1 || data.LongLength < (long)rows * cols)
            throw new ArgumentException($"features hold {data.LongLength} values, need {rows}×{cols}");
        return new FeatureMatrix(data, rows, cols);
    }

    public ReadOnlySpan<float> Row(int i) => Data.AsSpan(i * Cols, Cols);

    /// <summary>Rows <paramref name="rows"/> (in that order) copied to float64 into <paramref name="into"/> [rows.Length, Cols].</summary>
    public void GatherDouble(ReadOnlySpan<int> rows, double[] into)
    {
        var d = Cols;
        for (var r = 0; r < rows.Length; r++)
        {
            var src = Data.AsSpan(rows[r] * d, d);
            var dst = into.AsSpan(r * d, d);
            for (var j = 0; j < d; j++) dst[j] = src[j];
        }
    }

    /// <summary>Rows [<paramref name="start"/>, start+count) copied to float64 into <paramref name="into"/>.</summary>
    public void CopyDouble(int start, int count, double[] into)
    {
        var src = Data.AsSpan(start * Cols, count * Cols);
        for (var j = 0; j < src.Length; j++) into[j] = src[j];
    }
}
