using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MmaGan.Shared.IO;
using Proto = global::Onnx;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Builds an ONNX model (a <c>ModelProto</c>, IR version 8, default-domain opset 17 unless changed) one graph element
/// at a time: inputs, initializers (weights, stored little-endian in <c>raw_data</c>), nodes with attributes, outputs,
/// a doc string and <c>metadata_props</c>. Serialized with the message classes generated at build time from the official
/// onnx.proto (committed unchanged in <c>Proto/</c>; see its README), so field numbers and wire types come from the spec.
/// Any network description can target it; it knows nothing about particular models.
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

    /// <summary>Serializes the model (<c>ModelProto</c>) with every weight inside; protobuf limits this to 2 GB.</summary>
    public byte[] ToBytes() => ModelProto(null).ToByteArray();

    /// <summary>Total bytes of the initializers (the weights).</summary>
    public long InitializerBytes => initializers.Sum(t => (long)t.RawData.Length);

    /// <summary>Above this the weights go to an external data file (protobuf caps a model at 2 GB: DINOv2 ViT-g/14 is 4.4 GB;
    /// ViT-L/14's 1.2 GB stay in one file).</summary>
    public const long ExternalDataThreshold = 3L << 29;

    /// <summary>Initializers smaller than this stay inside the model even when the weights go outside (onnx's own
    /// size_threshold): shape constants must be readable where ONNX Runtime infers shapes.</summary>
    public const int ExternalTensorMinBytes = 1024;

    Proto.ModelProto ModelProto(Func<Initializer, (string Location, long Offset, long Length)?>? external)
    {
        if (outputs.Count == 0) throw new InvalidOperationException($"graph '{GraphName}' has no outputs");
        var graph = new Proto.GraphProto { Name = GraphName };
        graph.Node.AddRange(nodes.Select(ToProto));
        graph.Initializer.AddRange(initializers.Select(t => ToProto(t, external)));
        if (DocString.Length > 0) graph.DocString = DocString;
        graph.Input.AddRange(inputs.Select(ToProto));
        graph.Output.AddRange(outputs.Select(ToProto));

        var model = new Proto.ModelProto
        {
            IrVersion = IrVersion, ProducerName = ProducerName, ProducerVersion = ProducerVersion, ModelVersion = ModelVersion,
            Graph = graph,
        };
        if (DocString.Length > 0) model.DocString = DocString;
        model.OpsetImport.Add(new Proto.OperatorSetIdProto { Domain = "", Version = OpsetVersion }); // "" = the default ai.onnx domain
        model.MetadataProps.AddRange(Metadata.Select(kv => new Proto.StringStringEntryProto { Key = kv.Key, Value = kv.Value }));
        return model;
    }

    /// <summary>The external data file of a model saved at <paramref name="modelPath"/>: "NAME.onnx.data" beside it.</summary>
    public static string ExternalDataPath(string modelPath) => modelPath + ".data";

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically (temp file + rename). Weights above
    /// <paramref name="externalAbove"/> bytes in all (default <see cref="ExternalDataThreshold"/>) are written to
    /// <see cref="ExternalDataPath"/> instead — ONNX's external data (each tensor of at least <see cref="ExternalTensorMinBytes"/>
    /// at a 4096-byte aligned offset, named by
    /// location/offset/length), which ONNX Runtime reads from beside the model — the data file first, so a model never
    /// names data that is not there.
    /// </summary>
    public void Save(string path, long externalAbove = ExternalDataThreshold)
    {
        var dataPath = ExternalDataPath(Path.GetFullPath(path));
        if (InitializerBytes <= externalAbove)
        {
            AtomicFile.WriteAllBytes(path, ToBytes());
            if (File.Exists(dataPath)) File.Delete(dataPath);
            return;
        }
        const long align = 4096;
        var name = Path.GetFileName(dataPath);
        var offsets = new Dictionary<Initializer, (string, long, long)>(ReferenceEqualityComparer.Instance);
        AtomicFile.Write(dataPath, stream =>
        {
            long at = 0;
            foreach (var t in initializers.Where(t => t.RawData.Length >= ExternalTensorMinBytes))
            {
                var start = (at + align - 1) / align * align;
                if (start > at) stream.Write(new byte[start - at]);
                stream.Write(t.RawData);
                offsets[t] = (name, start, t.RawData.Length);
                at = start + t.RawData.Length;
            }
        });
        AtomicFile.Write(path, stream => ModelProto(t => offsets.TryGetValue(t, out var o) ? o : null).WriteTo(stream));
    }

    static Proto.NodeProto ToProto(Node node)
    {
        var n = new Proto.NodeProto { Name = node.Name, OpType = node.OpType };
        n.Input.AddRange(node.Inputs);
        n.Output.AddRange(node.Outputs);
        n.Attribute.AddRange(node.Attributes.Select(ToProto));
        return n;
    }

    static Proto.AttributeProto ToProto(OnnxAttribute a)
    {
        var p = new Proto.AttributeProto { Name = a.Name, Type = (Proto.AttributeProto.Types.AttributeType)a.Kind };
        switch (a.Kind)
        {
            case OnnxAttributeKind.Float: p.F = a.FloatValue; break;
            case OnnxAttributeKind.Int: p.I = a.IntValue; break;
            case OnnxAttributeKind.String: p.S = ByteString.CopyFromUtf8(a.StringValue!); break;
            case OnnxAttributeKind.Floats: p.Floats.AddRange(a.FloatValues); break;
            case OnnxAttributeKind.Ints: p.Ints.AddRange(a.IntValues); break;
            default: throw new InvalidOperationException($"unsupported attribute kind {a.Kind}");
        }
        return p;
    }

    Proto.TensorProto ToProto(Initializer t, Func<Initializer, (string Location, long Offset, long Length)?>? external)
    {
        var p = new Proto.TensorProto { DataType = (int)t.Type, Name = t.Name };
        p.Dims.AddRange(t.Dims);
        if (external?.Invoke(t) is not var (location, offset, length)) { p.RawData = UnsafeByteOperations.UnsafeWrap(t.RawData); return p; }
        p.DataLocation = Proto.TensorProto.Types.DataLocation.External;
        p.ExternalData.Add(new Proto.StringStringEntryProto { Key = "location", Value = location });
        p.ExternalData.Add(new Proto.StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        p.ExternalData.Add(new Proto.StringStringEntryProto { Key = "length", Value = length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return p;
    }

    /// <summary>No dims = shape left unspecified.</summary>
    static Proto.ValueInfoProto ToProto(ValueInfo v)
    {
        var tensor = new Proto.TypeProto.Types.Tensor { ElemType = (int)v.Type };
        if (v.Dims.Length > 0)
        {
            tensor.Shape = new Proto.TensorShapeProto();
            tensor.Shape.Dim.AddRange(v.Dims.Select(d => d.IsSymbolic
                ? new Proto.TensorShapeProto.Types.Dimension { DimParam = d.Param! }
                : new Proto.TensorShapeProto.Types.Dimension { DimValue = d.Value!.Value }));
        }
        return new Proto.ValueInfoProto { Name = v.Name, Type = new Proto.TypeProto { TensorType = tensor } };
    }
}
