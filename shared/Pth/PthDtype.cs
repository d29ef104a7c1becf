namespace MmaGan.Shared.Pth;

/// <summary>
/// A tensor element type as PyTorch storage classes name it (torch.FloatStorage → float32 …).
/// <see cref="ElementSize"/> comes from the storage type, never from a legacy file's sys_info type_sizes.
/// </summary>
public sealed record PthDtype(string Name, string StorageType, int ElementSize)
{
    public static readonly PthDtype Float32 = new("float32", "FloatStorage", 4);
    public static readonly PthDtype Float64 = new("float64", "DoubleStorage", 8);
    public static readonly PthDtype Float16 = new("float16", "HalfStorage", 2);
    public static readonly PthDtype BFloat16 = new("bfloat16", "BFloat16Storage", 2);
    public static readonly PthDtype Int64 = new("int64", "LongStorage", 8);
    public static readonly PthDtype Int32 = new("int32", "IntStorage", 4);
    public static readonly PthDtype Int16 = new("int16", "ShortStorage", 2);
    public static readonly PthDtype Int8 = new("int8", "CharStorage", 1);
    public static readonly PthDtype UInt8 = new("uint8", "ByteStorage", 1);
    public static readonly PthDtype Bool = new("bool", "BoolStorage", 1);

    static readonly PthDtype[] All = [Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool];

    /// <summary>The dtype of a storage class name such as "FloatStorage", or null when unknown.</summary>
    public static PthDtype? FromStorageType(string storageType) =>
        All.FirstOrDefault(d => d.StorageType == storageType);

    public override string ToString() => Name;
}
