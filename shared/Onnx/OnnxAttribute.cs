namespace MmaGan.Shared.Onnx;

/// <summary>The kind of an <see cref="OnnxAttribute"/> (<c>AttributeProto.AttributeType</c> wire values).</summary>
public enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    String = 3,
    Floats = 6,
    Ints = 7,
}

/// <summary>A node attribute (<c>AttributeProto</c>): one float, int or string, or a list of floats or ints.</summary>
public sealed record OnnxAttribute
{
    public string Name { get; }
    public OnnxAttributeKind Kind { get; }
    public float FloatValue { get; private init; }
    public long IntValue { get; private init; }
    public string? StringValue { get; private init; }
    public IReadOnlyList<float> FloatValues { get; private init; } = [];
    public IReadOnlyList<long> IntValues { get; private init; } = [];

    OnnxAttribute(string name, OnnxAttributeKind kind)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("an attribute needs a name", nameof(name));
        Name = name;
        Kind = kind;
    }

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int) { IntValue = value };
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints) { IntValues = [.. values] };
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float) { FloatValue = value };
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxAttributeKind.Floats) { FloatValues = [.. values] };
    public static OnnxAttribute String(string name, string value) =>
        new(name, OnnxAttributeKind.String) { StringValue = value ?? throw new ArgumentNullException(nameof(value)) };
}
