namespace MmaGan.Shared.Onnx;

/// <summary>
/// One dimension of a graph input or output shape: a fixed size (<c>dim_value</c>) or a symbolic name
/// (<c>dim_param</c>, e.g. "N" for a dynamic batch). Converts implicitly from <see cref="long"/>/<see cref="int"/>
/// (fixed) and <see cref="string"/> (symbolic).
/// </summary>
public readonly record struct OnnxDim
{
    public long? Value { get; }
    public string? Param { get; }

    OnnxDim(long? value, string? param) { Value = value; Param = param; }

    public static OnnxDim Fixed(long value) =>
        value >= 0 ? new(value, null) : throw new ArgumentOutOfRangeException(nameof(value), "a fixed dimension must be >= 0");

    public static OnnxDim Symbolic(string name) =>
        string.IsNullOrEmpty(name) ? throw new ArgumentException("a symbolic dimension needs a name", nameof(name)) : new(null, name);

    public bool IsSymbolic => Param != null;

    public static implicit operator OnnxDim(long value) => Fixed(value);
    public static implicit operator OnnxDim(int value) => Fixed(value);
    public static implicit operator OnnxDim(string name) => Symbolic(name);

    public override string ToString() => Param ?? Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
