namespace MmaGan.Eval.Metrics;

/// <summary>
/// How many digits an image of a digit source holds: the digit classifier reads all three channels, so a gray source (MNIST,
/// its digit repeated to RGB) gives three identical blocks per image — of logits and of features — where Stacked MNIST gives
/// three digits. A source is one digit per image exactly when every image's three blocks are equal.
/// </summary>
public static class DigitBlocks
{
    public const int PerImage = 3;

    /// <summary>1 when every row of <paramref name="rows"/> [n, 3·b] holds three equal blocks of b values, else 3.</summary>
    public static int Count(ReadOnlySpan<float> rows, int n)
    {
        var b = rows.Length / n / PerImage;
        for (var i = 0; i < n; i++)
        {
            var row = rows.Slice(i * PerImage * b, PerImage * b);
            if (!row[..b].SequenceEqual(row.Slice(b, b)) || !row[..b].SequenceEqual(row.Slice(2 * b, b))) return PerImage;
        }
        return 1;
    }

    /// <summary>1 when the mean's three blocks are equal (statistics of a gray source), else 3.</summary>
    public static int Count(IReadOnlyList<double> mean)
    {
        var b = mean.Count / PerImage;
        for (var j = 0; j < b; j++)
            if (mean[j] != mean[b + j] || mean[j] != mean[2 * b + j]) return PerImage;
        return 1;
    }
}
