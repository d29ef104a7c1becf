using MmaGan.Shared.Onnx;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Graph;

/// <summary>
/// Convolution-network vocabulary (Conv, Relu, pools, Concat …) on top of <see cref="OnnxGraphBuilder"/>, with
/// weights taken from a PyTorch state dict. PyTorch and ONNX share the NCHW layout and the OIHW weight layout,
/// so tensors are copied as they are.
/// </summary>
public sealed class ConvGraph
{
    public ConvGraph(string graphName) { Builder = new OnnxGraphBuilder(graphName); }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>A float constant (an initializer) with a unique name.</summary>
    public string Constant(string hint, float[] data, params long[] dims) =>
        Builder.AddInitializer(Builder.UniqueName(hint), data, dims);

    /// <summary>An int64 constant (an initializer) with a unique name.</summary>
    public string Constant(string hint, long[] data, params long[] dims) =>
        Builder.AddInitializer(Builder.UniqueName(hint), data, dims);

    public string Node(string op, string hint, string[] inputs, params OnnxAttribute[] attributes) =>
        Builder.AddNode(op, inputs, 1, Builder.UniqueName(hint), attributes)[0];

    /// <summary>2-D convolution y = W * x + b (OIHW weight [O,I,kh,kw]; pads symmetric).</summary>
    public string Conv(string x, string name, float[] weight, long[] weightShape, float[]? bias,
        (int H, int W) stride, (int H, int W) pad)
    {
        if (weightShape.Length != 4) throw new ArgumentException($"{name}: conv weight must be 4-D");
        var inputs = new List<string> { x, Constant(name + ".weight", weight, weightShape) };
        if (bias != null) inputs.Add(Constant(name + ".bias", bias, weightShape[0]));
        return Node("Conv", name, [.. inputs],
            OnnxAttribute.Ints("kernel_shape", weightShape[2], weightShape[3]),
            OnnxAttribute.Ints("strides", stride.H, stride.W),
            OnnxAttribute.Ints("pads", pad.H, pad.W, pad.H, pad.W));
    }

    /// <summary>Conv with weight/bias read from <paramref name="pth"/> at "<paramref name="key"/>.weight/.bias".</summary>
    public string Conv(string x, PthFile pth, string key, int stride = 1, int pad = 0, bool bias = true) =>
        Conv(x, key, pth.ReadFloat(key + ".weight"), pth[key + ".weight"].Shape,
            bias ? pth.ReadFloat(key + ".bias") : null, (stride, stride), (pad, pad));

    public string Relu(string x) => Node("Relu", "relu", [x]);

    /// <summary>max_pool2d(kernel, stride, padding, ceil_mode).</summary>
    public string MaxPool(string x, int kernel, int stride, int pad = 0, bool ceil = false) =>
        Node("MaxPool", "maxpool", [x],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad), OnnxAttribute.Int("ceil_mode", ceil ? 1 : 0));

    /// <summary>avg_pool2d(kernel, stride, padding, count_include_pad) — padded cells excluded from the divisor unless counted.</summary>
    public string AvgPool(string x, int kernel, int stride, int pad, bool countIncludePad) =>
        Node("AveragePool", "avgpool", [x],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad), OnnxAttribute.Int("count_include_pad", countIncludePad ? 1 : 0));

    public string Concat(int axis, params string[] xs) => Node("Concat", "concat", xs, OnnxAttribute.Int("axis", axis));

    public string Add(string a, string b) => Node("Add", "add", [a, b]);
    public string Sub(string a, string b) => Node("Sub", "sub", [a, b]);
    public string Mul(string a, string b) => Node("Mul", "mul", [a, b]);
    public string Div(string a, string b) => Node("Div", "div", [a, b]);
}
