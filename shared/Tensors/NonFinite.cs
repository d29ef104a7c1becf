namespace MmaGan.Shared.Tensors;

/// <summary>Finds NaN/±∞ values and names where they are ("[3,17]" for row-major arrays), for one-line input errors.</summary>
public static class NonFinite
{
    /// <summary>Index of the first NaN or infinite value, or -1.</summary>
    public static long FirstIndex(ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++) if (!double.IsFinite(values[i])) return i;
        return -1;
    }

    /// <inheritdoc cref="FirstIndex(ReadOnlySpan{double})"/>
    public static long FirstIndex(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>How many values are NaN or infinite.</summary>
    public static long Count(ReadOnlySpan<float> values)
    {
        long n = 0;
        foreach (var v in values) if (!float.IsFinite(v)) n++;
        return n;
    }

    /// <summary>The multi-index of flat position <paramref name="flat"/> in a row-major array of <paramref name="shape"/>: "[i,j]".</summary>
    public static string FormatIndex(long flat, IReadOnlyList<long> shape)
    {
        if (shape.Count == 0) return "[]";
        var index = new long[shape.Count];
        for (var k = shape.Count - 1; k >= 0; k--)
        {
            var size = Math.Max(1, shape[k]);
            index[k] = flat % size;
            flat /= size;
        }
        return "[" + string.Join(",", index) + "]";
    }

    /// <summary>"NaN", "inf" or "-inf".</summary>
    public static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
}
