namespace MmaGan.Shared.Tensors;

/// <summary>
/// An n-dimensional array as stored in a NumPy .npy file: C-order (row-major) <see cref="Data"/> as a flat,
/// typed .NET array (float[] for "&lt;f4", double[] for "&lt;f8", long[] for "&lt;i8", int[] for "&lt;i4",
/// byte[] for "|u1", sbyte[] for "|i1", bool[] for "|b1", Half[] for "&lt;f2").
/// </summary>
public sealed record NpyArray(long[] Shape, string Dtype, Array Data)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    public static NpyArray Of(float[] data, params long[] shape) => new(ShapeOr(shape, data.Length), "<f4", data);
    public static NpyArray Of(double[] data, params long[] shape) => new(ShapeOr(shape, data.Length), "<f8", data);
    public static NpyArray Of(long[] data, params long[] shape) => new(ShapeOr(shape, data.Length), "<i8", data);
    public static NpyArray Of(int[] data, params long[] shape) => new(ShapeOr(shape, data.Length), "<i4", data);
    public static NpyArray Of(byte[] data, params long[] shape) => new(ShapeOr(shape, data.Length), "|u1", data);

    /// <summary>A 0-d int64 scalar (numpy: np.array(5)).</summary>
    public static NpyArray Scalar(long value) => new([], "<i8", new[] { value });

    /// <summary>A 0-d float64 scalar.</summary>
    public static NpyArray Scalar(double value) => new([], "<f8", new[] { value });

    static long[] ShapeOr(long[] shape, int length) => shape.Length == 0 ? [length] : shape;

    /// <summary>The elements converted to float32 (a copy unless the data already is float[]).</summary>
    public float[] AsFloat()
    {
        if (Data is float[] f) return f;
        var r = new float[Data.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (float)ElementAsDouble(i);
        return r;
    }

    /// <summary>The elements converted to float64 (a copy unless the data already is double[]).</summary>
    public double[] AsDouble()
    {
        if (Data is double[] d) return d;
        var r = new double[Data.Length];
        for (var i = 0; i < r.Length; i++) r[i] = ElementAsDouble(i);
        return r;
    }

    /// <summary>The elements converted to int64 (a copy unless the data already is long[]); floats are truncated.</summary>
    public long[] AsInt64()
    {
        if (Data is long[] l) return l;
        var r = new long[Data.Length];
        for (var i = 0; i < r.Length; i++) r[i] = Data is double[] or float[] or Half[] ? (long)ElementAsDouble(i) : Convert.ToInt64(Data.GetValue(i));
        return r;
    }

    double ElementAsDouble(int i) => Data switch
    {
        float[] a => a[i],
        double[] a => a[i],
        long[] a => a[i],
        int[] a => a[i],
        byte[] a => a[i],
        sbyte[] a => a[i],
        short[] a => a[i],
        ushort[] a => a[i],
        uint[] a => a[i],
        ulong[] a => a[i],
        bool[] a => a[i] ? 1 : 0,
        Half[] a => (double)a[i],
        _ => throw new NotSupportedException($"dtype {Dtype}"),
    };
}
