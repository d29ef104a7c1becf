using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Builds an ONNX model (a <c>ModelProto</c>, IR version 8, default-domain opset 17 unless changed) one graph element
/// at a time: inputs, initializers (weights, stored little-endian in <c>raw_data</c>), nodes with attributes, outputs,
/// a doc string and <c>metadata_props</c>. Serialized directly with Google.Protobuf's coded output stream using the
/// field numbers of the official onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto), so no generated
/// code is needed. Any network description can target it; it knows nothing about particular models.
/// </summary>
/// <remarks>
/// Value names are checked as they are added: every node input must already exist (a graph input, an initializer or
/// an earlier node's output; "" stands for an omitted optional input), and no name may be produced twice. Nodes must
/// therefore be added in topological order, as ONNX requires.
/// </remarks>
public sealed class OnnxGraphBuilder
{
    sealed record ValueInfo(string Name, OnnxElementType Type, OnnxDim[] Dims);
    sealed record Initializer(string Name, OnnxElementType Type, long[] Dims, byte[] RawData);
    sealed record Node(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

    readonly List<ValueInfo> inputs = [];
    readonly List<ValueInfo> outputs = [];
    readonly List<Initializer> initializers = [];
    readonly List<Node> nodes = [];
    readonly HashSet<string> values = new(StringComparer.Ordinal);
    readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> nameCounters = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        if (string.IsNullOrWhiteSpace(graphName)) throw new ArgumentException("the graph needs a name", nameof(graphName));
        GraphName = graphName;
    }

    public string GraphName { get; }
    /// <summary>The model's doc string (<c>ModelProto.doc_string</c>; also written as the graph's doc string).</summary>
    public string DocString { get; set; } = "";
    /// <summary>Key/value pairs written as <c>ModelProto.metadata_props</c> (ORT: <c>ModelMetadata.CustomMetadataMap</c>).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public long IrVersion { get; set; } = 8;
    /// <summary>Version of the default ("ai.onnx") operator set the graph uses.</summary>
    public long OpsetVersion { get; set; } = 17;
    public string ProducerName { get; set; } = "MmaGan";
    public string ProducerVersion { get; set; } = "1";
    public long ModelVersion { get; set; } = 1;

    public int NodeCount => nodes.Count;

    /// <summary>Declares a graph input; returns its name.</summary>
    public string AddInput(string name, OnnxElementType type, params OnnxDim[] dims)
    {
        Declare(name);
        inputs.Add(new ValueInfo(name, type, [.. dims]));
        return name;
    }

    /// <summary>Adds a float32 constant tensor (weights); returns its name. <paramref name="dims"/> empty = a scalar.</summary>
    public string AddInitializer(string name, float[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[checked(data.Length * sizeof(float))];
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(data.AsSpan()).CopyTo(raw);
        else for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), data[i]);
        return AddInitializer(name, OnnxElementType.Float, dims, raw);
    }

    /// <summary>Adds an int64 constant tensor (shapes, axes); returns its name. <paramref name="dims"/> empty = a scalar.</summary>
    public string AddInitializer(string name, long[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[checked(data.Length * sizeof(long))];
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(data.AsSpan()).CopyTo(raw);
        else for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), data[i]);
        return AddInitializer(name, OnnxElementType.Int64, dims, raw);
    }

    string AddInitializer(string name, OnnxElementType type, long[] dims, byte[] raw)
    {
        Declare(name);
        initializers.Add(new Initializer(name, type, [.. dims], raw));
        return name;
    }

    /// <summary>
    /// Adds a node of operator <paramref name="opType"/> (default domain) with <paramref name="outputCount"/> outputs
    /// named uniquely after the node; returns the output names.
    /// </summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, int outputCount = 1, string? name = null,
        params OnnxAttribute[] attributes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputCount);
        var nodeName = NewNodeName(opType, name);
        var outs = new string[outputCount];
        for (var i = 0; i < outputCount; i++) outs[i] = UniqueName(outputCount == 1 ? nodeName : $"{nodeName}_{i}");
        return AddNodeCore(opType, nodeName, inputs, outs, attributes);
    }

    /// <summary>Adds a node whose outputs get the given names; returns them.</summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string? name = null,
        params OnnxAttribute[] attributes)
    {
        if (outputs.Count == 0) throw new ArgumentException("a node needs at least one output", nameof(outputs));
        return AddNodeCore(opType, NewNodeName(opType, name), inputs, [.. outputs], attributes);
    }

    string[] AddNodeCore(string opType, string nodeName, IReadOnlyList<string> nodeInputs, string[] outs, OnnxAttribute[] attributes)
    {
        if (string.IsNullOrWhiteSpace(opType)) throw new ArgumentException("a node needs an operator type", nameof(opType));
        foreach (var input in nodeInputs)
            if (input.Length > 0 && !values.Contains(input))
                throw new ArgumentException($"node '{nodeName}' ({opType}): input '{input}' is not defined yet");
        var attributeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in attributes)
            if (!attributeNames.Add(a.Name)) throw new ArgumentException($"node '{nodeName}' ({opType}): attribute '{a.Name}' given twice");
        foreach (var o in outs) Declare(o);
        nodeNames.Add(nodeName);
        nodes.Add(new Node(opType, nodeName, [.. nodeInputs], outs, [.. attributes]));
        return (string[])outs.Clone();
    }

    /// <summary>Declares an existing value (a node output, input or initializer) as a graph output.</summary>
    public void AddOutput(string name, OnnxElementType type, params OnnxDim[] dims)
    {
        if (!values.Contains(name)) throw new ArgumentException($"output '{name}' is not produced by the graph", nameof(name));
        if (outputs.Any(o => o.Name == name)) throw new ArgumentException($"output '{name}' declared twice", nameof(name));
        outputs.Add(new ValueInfo(name, type, [.. dims]));
    }

    /// <summary>Whether a value of that name exists (input, initializer or node output).</summary>
    public bool HasValue(string name) => values.Contains(name);

    /// <summary>
    /// A name used by no value and no node yet, starting from <paramref name="hint"/> ("hint", "hint_1", "hint_2", ...);
    /// usable for a value or a node. It is not reserved until something is added under it.
    /// </summary>
    public string UniqueName(string hint)
    {
        bool Used(string name) => values.Contains(name) || nodeNames.Contains(name);
        if (!Used(hint)) return hint;
        var n = nameCounters.GetValueOrDefault(hint);
        string candidate;
        do candidate = $"{hint}_{++n}"; while (Used(candidate));
        nameCounters[hint] = n;
        return candidate;
    }

    string NewNodeName(string opType, string? requested)
    {
        if (requested != null)
        {
            if (nodeNames.Contains(requested)) throw new ArgumentException($"node name '{requested}' used twice");
            return requested;
        }
        var n = nodes.Count;
        string candidate;
        do candidate = $"{opType}_{n++}"; while (nodeNames.Contains(candidate) || values.Contains(candidate));
        return candidate;
    }

    void Declare(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a value needs a non-empty name");
        if (!values.Add(name)) throw new ArgumentException($"value name '{name}' is defined twice");
    }

    static void CheckCount(string name, long count, long[] dims)
    {
        long expected = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"initializer '{name}': negative dimension {d}");
            expected = checked(expected * d);
        }
        if (expected != count)
            throw new ArgumentException($"initializer '{name}': {count} values do not fill shape [{string.Join(",", dims)}]");
    }

    /// <summary>Serializes the model (<c>ModelProto</c>).</summary>
    public byte[] ToBytes()
    {
        if (outputs.Count == 0) throw new InvalidOperationException($"graph '{GraphName}' has no outputs");

        // GraphProto: node=1, name=2, initializer=5, doc_string=10, input=11, output=12.
        var graph = new ProtoMessageWriter();
        foreach (var node in nodes) graph.Message(1, WriteNode(node));
        graph.String(2, GraphName);
        foreach (var init in initializers) graph.Message(5, WriteTensor(init));
        if (DocString.Length > 0) graph.String(10, DocString);
        foreach (var input in inputs) graph.Message(11, WriteValueInfo(input));
        foreach (var output in outputs) graph.Message(12, WriteValueInfo(output));

        // ModelProto: ir_version=1, producer_name=2, producer_version=3, model_version=5, doc_string=6, graph=7,
        // opset_import=8, metadata_props=14.
        var model = new ProtoMessageWriter()
            .Int64(1, IrVersion)
            .String(2, ProducerName)
            .String(3, ProducerVersion)
            .Int64(5, ModelVersion);
        if (DocString.Length > 0) model.String(6, DocString);
        model.Message(7, graph);
        // OperatorSetIdProto: domain=1, version=2 ("" = the default ai.onnx domain).
        model.Message(8, new ProtoMessageWriter().String(1, "").Int64(2, OpsetVersion));
        // StringStringEntryProto: key=1, value=2.
        foreach (var (key, value) in Metadata) model.Message(14, new ProtoMessageWriter().String(1, key).String(2, value));
        return model.ToMemory().ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically (temp file + rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5.
    static ProtoMessageWriter WriteNode(Node node)
    {
        var w = new ProtoMessageWriter();
        foreach (var i in node.Inputs) w.String(1, i);
        foreach (var o in node.Outputs) w.String(2, o);
        w.String(3, node.Name).String(4, node.OpType);
        foreach (var a in node.Attributes) w.Message(5, WriteAttribute(a));
        return w;
    }

    // AttributeProto: name=1, f=2, i=3, s=4, floats=7, ints=8, type=20.
    static ProtoMessageWriter WriteAttribute(OnnxAttribute a)
    {
        var w = new ProtoMessageWriter().String(1, a.Name);
        switch (a.Kind)
        {
            case OnnxAttributeKind.Float: w.Float(2, a.FloatValue); break;
            case OnnxAttributeKind.Int: w.Int64(3, a.IntValue); break;
            case OnnxAttributeKind.String: w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(a.StringValue!)); break;
            case OnnxAttributeKind.Floats: foreach (var f in a.FloatValues) w.Float(7, f); break;
            case OnnxAttributeKind.Ints: foreach (var i in a.IntValues) w.Int64(8, i); break;
            default: throw new InvalidOperationException($"unsupported attribute kind {a.Kind}");
        }
        return w.Int64(20, (long)a.Kind);
    }

    // TensorProto: dims=1, data_type=2, name=8, raw_data=9.
    static ProtoMessageWriter WriteTensor(Initializer t)
    {
        var w = new ProtoMessageWriter();
        foreach (var d in t.Dims) w.Int64(1, d);
        return w.Int64(2, (long)t.Type).String(8, t.Name).Bytes(9, t.RawData);
    }

    // ValueInfoProto: name=1, type=2; TypeProto: tensor_type=1; TypeProto.Tensor: elem_type=1, shape=2;
    // TensorShapeProto: dim=1; Dimension: dim_value=1, dim_param=2. No dims = shape left unspecified.
    static ProtoMessageWriter WriteValueInfo(ValueInfo v)
    {
        var tensor = new ProtoMessageWriter().Int64(1, (long)v.Type);
        if (v.Dims.Length > 0)
        {
            var shape = new ProtoMessageWriter();
            foreach (var d in v.Dims)
                shape.Message(1, d.IsSymbolic ? new ProtoMessageWriter().String(2, d.Param!) : new ProtoMessageWriter().Int64(1, d.Value!.Value));
            tensor.Message(2, shape);
        }
        return new ProtoMessageWriter().String(1, v.Name).Message(2, new ProtoMessageWriter().Message(1, tensor));
    }
}
