using Google.Protobuf;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Writes one protobuf message field by field with Google.Protobuf's <see cref="CodedOutputStream"/>;
/// nested messages are written into their own writer first and embedded as length-delimited bytes.
/// Repeated scalars are written unpacked (the proto2 default that onnx.proto uses; parsers accept both).
/// </summary>
internal sealed class ProtoMessageWriter
{
    readonly MemoryStream buffer = new();
    readonly CodedOutputStream output;

    public ProtoMessageWriter() => output = new CodedOutputStream(buffer, leaveOpen: true);

    public ProtoMessageWriter Int64(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public ProtoMessageWriter Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    public ProtoMessageWriter String(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public ProtoMessageWriter Bytes(int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    public ProtoMessageWriter Message(int field, ProtoMessageWriter message) => Bytes(field, message.ToMemory());

    /// <summary>The bytes written so far (a view of the internal buffer; valid until the next write).</summary>
    public ReadOnlyMemory<byte> ToMemory()
    {
        output.Flush();
        return buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length));
    }
}
