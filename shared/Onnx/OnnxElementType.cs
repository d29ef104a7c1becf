namespace MmaGan.Shared.Onnx;

/// <summary>ONNX tensor element types (<c>TensorProto.DataType</c> in onnx.proto; the numeric values are the wire values).</summary>
public enum OnnxElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}
