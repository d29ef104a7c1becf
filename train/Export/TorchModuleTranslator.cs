using System.Globalization;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Export;

/// <summary>
/// Translates a TorchSharp network (a <see cref="Sequential"/>, nested or not, or a single supported layer) into
/// ONNX nodes on an <see cref="OnnxGraphBuilder"/>, layer by layer, tracking the static shape (batch = −1) so every
/// layer's parameters can be checked and the output shape declared. Supported (eval-mode semantics):
/// Linear→Gemm(transB=1); Conv2d→Conv; ConvTranspose2d→ConvTranspose; BatchNorm1d/2d→BatchNormalization (running
/// statistics, eps); ReLU→Relu; LeakyReLU→LeakyRelu(alpha = negative_slope); Tanh; Sigmoid; Unflatten/Flatten→Reshape
/// (0 keeps the dynamic batch); Upsample (nearest, bilinear)→Resize; MaxPool2d→MaxPool; Identity and Dropout→nothing.
/// Anything else fails with an <see cref="InputException"/> naming the module's type and position.
/// With <c>foldBatchNorm</c> (default) a BatchNorm directly after a Linear, Conv2d or ConvTranspose2d (groups = 1) is
/// folded into it (<see cref="BatchNormFolding"/>: W' = W·s per output channel, b' = (b − μ)·s + β, s = γ/√(σ²+ε), in
/// float64), which removes the BatchNormalization nodes; the export's parity check covers the rounding this introduces.
/// </summary>
internal sealed class TorchModuleTranslator(OnnxGraphBuilder graph, bool foldBatchNorm = true)
{
    static readonly HashSet<Type> PassThrough = [typeof(Identity), typeof(Dropout)];

    /// <summary>
    /// Emits nodes for <paramref name="network"/> applied to <paramref name="input"/> of shape <paramref name="shape"/>
    /// (−1 = batch); the last node's output is named <paramref name="outputName"/>. Returns the output shape.
    /// </summary>
    public long[] Translate(nn.Module network, string input, long[] shape, string outputName)
    {
        var layers = new List<(string Path, nn.Module Module)>();
        Flatten(network, "", layers);
        var last = layers.FindLastIndex(l => !PassThrough.Contains(l.Module.GetType()));
        var value = input;
        for (var i = 0; i < layers.Count; i++)
        {
            var (path, module) = layers[i];
            var fold = foldBatchNorm && i + 1 < layers.Count && CanFold(module, layers[i + 1].Module) ? (BatchNorm)layers[i + 1].Module : null;
            var producesLast = i == last || (fold != null && i + 1 == last);
            (value, shape) = TranslateLayer(path, module, value, shape, producesLast ? outputName : null, fold);
            if (fold != null) i++;
        }
        if (last < 0) graph.AddNode("Identity", [value], [outputName]);
        return shape;
    }

    static void Flatten(nn.Module module, string path, List<(string, nn.Module)> layers)
    {
        if (module is Sequential)
        {
            foreach (var (name, child) in module.named_children())
                Flatten(child, path.Length == 0 ? name : $"{path}.{name}", layers);
        }
        else layers.Add((path.Length == 0 ? "(root)" : path, module));
    }

    /// <summary>Whether <paramref name="next"/> is an eval-mode BatchNorm that can be folded into <paramref name="layer"/>.</summary>
    static bool CanFold(nn.Module layer, nn.Module next)
    {
        if (next is not (BatchNorm1d or BatchNorm2d) || next is not BatchNorm bn) return false;
        if (!bn.track_running_stats || bn.running_mean is null || bn.running_var is null) return false;
        return layer switch
        {
            Linear l => next is BatchNorm1d && l.out_features == bn.num_features,
            Convolution c => next is BatchNorm2d && c.groups == 1 && c.out_channels == bn.num_features,
            _ => false,
        };
    }

    /// <summary>The layer's weight and bias with <paramref name="bn"/> folded in (<see cref="BatchNormFolding"/>);
    /// <paramref name="channelDim"/> is the weight's output-channel axis.</summary>
    static (float[] Weight, float[] Bias) Folded(Tensor weight, Tensor? bias, BatchNorm bn, int channelDim) =>
        BatchNormFolding.Fold(ToFloats(weight), weight.shape, channelDim, bias is null ? null : ToFloats(bias),
            bn.affine && bn.weight is { } g ? ToFloats(g) : null, bn.affine && bn.bias is { } b ? ToFloats(b) : null,
            ToFloats(bn.running_mean!), ToFloats(bn.running_var!), bn.eps);

    (string Value, long[] Shape) TranslateLayer(string path, nn.Module module, string x, long[] shape, string? outputName, BatchNorm? fold = null)
    {
        var nodeName = $"{module.GetType().Name}_{path.Replace('.', '_')}";
        string[] Emit(string op, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
            outputName == null
                ? graph.AddNode(op, inputs, 1, graph.UniqueName(nodeName), attributes)
                : graph.AddNode(op, inputs, [outputName], graph.UniqueName(nodeName), attributes);
        string Weight(string suffix, Tensor t) => graph.AddInitializer(graph.UniqueName($"{path}.{suffix}"), ToFloats(t), t.shape);
        InputException Unsupported(string why) =>
            new($"cannot export generator layer {path} ({module.GetType().Name}): {why}");

        switch (module)
        {
            case Linear linear:
            {
                RequireRank(shape, 2, Unsupported);
                if (shape[1] != linear.in_features) throw Unsupported($"expects {linear.in_features} inputs, gets {shape[1]}");
                List<string> inputs = [x];
                if (fold != null)
                {
                    var (fw, fb) = Folded(linear.weight!, linear.bias, fold, 0);
                    inputs.Add(graph.AddInitializer(graph.UniqueName($"{path}.weight_bn"), fw, linear.weight!.shape));
                    inputs.Add(graph.AddInitializer(graph.UniqueName($"{path}.bias_bn"), fb, fb.Length));
                }
                else
                {
                    inputs.Add(Weight("weight", linear.weight!));
                    if (linear.bias is { } b) inputs.Add(Weight("bias", b));
                }
                return (Emit("Gemm", inputs, OnnxAttribute.Int("transB", 1))[0], [shape[0], linear.out_features]);
            }
            case ConvTranspose2d conv:
                return (TranslateConv(conv, transposed: true, x, shape, Emit, Weight, Unsupported, out var outShapeT, fold, path), outShapeT);
            case Conv2d conv:
                return (TranslateConv(conv, transposed: false, x, shape, Emit, Weight, Unsupported, out var outShape, fold, path), outShape);
            case BatchNorm1d or BatchNorm2d:
            {
                var bn = (BatchNorm)module;
                RequireRank(shape, module is BatchNorm1d ? 2 : 4, Unsupported);
                if (shape[1] != bn.num_features) throw Unsupported($"expects {bn.num_features} channels, gets {shape[1]}");
                if (!bn.track_running_stats || bn.running_mean is null || bn.running_var is null)
                    throw Unsupported("without running statistics it normalizes with batch statistics even in eval mode");
                var c = bn.num_features;
                var scale = bn.affine && bn.weight is { } w ? Weight("weight", w) : graph.AddInitializer(graph.UniqueName($"{path}.weight"), Filled(c, 1f), c);
                var bias = bn.affine && bn.bias is { } bb ? Weight("bias", bb) : graph.AddInitializer(graph.UniqueName($"{path}.bias"), Filled(c, 0f), c);
                var y = Emit("BatchNormalization", [x, scale, bias, Weight("running_mean", bn.running_mean), Weight("running_var", bn.running_var)],
                    OnnxAttribute.Float("epsilon", (float)bn.eps))[0];
                return (y, shape);
            }
            case ReLU:
                return (Emit("Relu", [x])[0], shape);
            case LeakyReLU leaky:
                return (Emit("LeakyRelu", [x], OnnxAttribute.Float("alpha", (float)leaky.negative_slope))[0], shape);
            case Tanh:
                return (Emit("Tanh", [x])[0], shape);
            case Sigmoid:
                return (Emit("Sigmoid", [x])[0], shape);
            case Identity or Dropout:
                return (x, shape);
            case Unflatten unflatten:
            {
                var dim = Axis(unflatten.dim, shape.Length, Unsupported);
                if (dim == 0) throw Unsupported("unflattening the batch dimension is not supported");
                var sizes = unflatten.unflattened_size;
                long[] newShape = [.. shape[..dim], .. sizes, .. shape[(dim + 1)..]];
                if (sizes.Count(s => s == -1) > 1) throw Unsupported("more than one -1 in unflattened_size");
                var known = sizes.Where(s => s != -1).Aggregate(1L, (a, b) => a * b);
                if (sizes.Contains(-1))
                {
                    if (known == 0 || shape[dim] % known != 0) throw Unsupported($"cannot split {shape[dim]} into [{Join(sizes)}]");
                    newShape[dim + Array.IndexOf(sizes, -1L)] = shape[dim] / known;
                }
                else if (known != shape[dim]) throw Unsupported($"cannot split {shape[dim]} into [{Join(sizes)}]");
                return (Reshape(newShape), newShape);
            }
            case TorchSharp.Modules.Flatten flatten:
            {
                var start = Axis(flatten.start_dim, shape.Length, Unsupported);
                var end = Axis(flatten.end_dim, shape.Length, Unsupported);
                if (start == 0) throw Unsupported("flattening the batch dimension is not supported");
                if (end < start) return (x, shape);
                var merged = shape[start..(end + 1)].Aggregate(1L, (a, b) => a * b);
                long[] newShape = [.. shape[..start], merged, .. shape[(end + 1)..]];
                return (Reshape(newShape), newShape);
            }
            case Upsample upsample:
                return TranslateUpsample(upsample, x, shape, Emit, Unsupported);
            case MaxPool2d pool:
                return TranslateMaxPool(pool, x, shape, Emit, Unsupported);
            default:
                throw new InputException(
                    $"cannot export generator: layer {path} has module type {module.GetType().Name}, which the ONNX exporter does not support " +
                    "(supported: Sequential, Linear, Conv2d, ConvTranspose2d, BatchNorm1d, BatchNorm2d, ReLU, LeakyReLU, Tanh, Sigmoid, Unflatten, Flatten, Upsample, MaxPool2d, Identity, Dropout)");
        }

        string Reshape(long[] newShape)
        {
            // 0 copies the (dynamic) batch dimension from the input; the rest is static.
            long[] target = [0, .. newShape[1..]];
            var s = graph.AddInitializer(graph.UniqueName($"{path}.shape"), target, target.Length);
            return Emit("Reshape", [x, s])[0];
        }
    }

    string TranslateConv(Convolution conv, bool transposed, string x, long[] shape,
        Func<string, IReadOnlyList<string>, OnnxAttribute[], string[]> emit, Func<string, Tensor, string> weight,
        Func<string, InputException> unsupported, out long[] outShape, BatchNorm? fold, string path)
    {
        RequireRank(shape, 4, unsupported);
        if (shape[1] != conv.in_channels) throw unsupported($"expects {conv.in_channels} channels, gets {shape[1]}");
        if (conv.padding_mode != PaddingModes.Zeros) throw unsupported($"padding mode {conv.padding_mode} (only zeros)");
        var k = conv.kernel_size;
        var s = conv.stride;
        var d = conv.dilation;
        var p = conv.padding_type switch
        {
            Padding.Valid => [0L, 0L],
            Padding.Same => null,
            _ => conv.padding,
        };
        if (p is null && (transposed || s.Any(v => v != 1))) throw unsupported("padding='same' needs stride 1");
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Ints("kernel_shape", k),
            OnnxAttribute.Ints("strides", s),
            OnnxAttribute.Ints("dilations", d),
            OnnxAttribute.Int("group", conv.groups),
        };
        long[] spatial = new long[2];
        for (var i = 0; i < 2; i++)
        {
            var input = shape[2 + i];
            spatial[i] = transposed
                ? (input - 1) * s[i] - 2 * p![i] + d[i] * (k[i] - 1) + conv.output_padding[i] + 1
                : p is null ? input : (input + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
            if (spatial[i] <= 0) throw unsupported($"input {shape[2]}x{shape[3]} is too small");
        }
        if (p is null) attributes.Add(OnnxAttribute.String("auto_pad", "SAME_UPPER")); // PyTorch puts the odd pixel at the end
        else attributes.Add(OnnxAttribute.Ints("pads", p[0], p[1], p[0], p[1]));
        if (transposed && conv.output_padding.Any(v => v != 0)) attributes.Add(OnnxAttribute.Ints("output_padding", conv.output_padding));

        List<string> inputs = [x];
        if (fold != null)
        {
            // Output channels are dim 0 of a Conv weight [out, in, kh, kw] and dim 1 of a ConvTranspose weight [in, out, kh, kw].
            var (fw, fb) = Folded(conv.weight!, conv.bias, fold, transposed ? 1 : 0);
            inputs.Add(graph.AddInitializer(graph.UniqueName($"{path}.weight_bn"), fw, conv.weight!.shape));
            inputs.Add(graph.AddInitializer(graph.UniqueName($"{path}.bias_bn"), fb, fb.Length));
        }
        else
        {
            inputs.Add(weight("weight", conv.weight!));
            if (conv.bias is { } b) inputs.Add(weight("bias", b));
        }
        outShape = [shape[0], conv.out_channels, spatial[0], spatial[1]];
        return emit(transposed ? "ConvTranspose" : "Conv", inputs, [.. attributes])[0];
    }

    (string, long[]) TranslateUpsample(Upsample upsample, string x, long[] shape,
        Func<string, IReadOnlyList<string>, OnnxAttribute[], string[]> emit, Func<string, InputException> unsupported)
    {
        RequireRank(shape, 4, unsupported);
        var scales = new float[] { 1f, 1f, 0f, 0f };
        var outShape = (long[])shape.Clone();
        var size = upsample.size.ToArray();
        var factor = upsample.scale_factor.ToArray();
        for (var i = 0; i < 2; i++)
        {
            if (size.Length > 0) outShape[2 + i] = size[size.Length == 1 ? 0 : i];
            else if (factor.Length > 0) outShape[2 + i] = (long)Math.Floor(shape[2 + i] * factor[factor.Length == 1 ? 0 : i]);
            else throw unsupported("neither size nor scale_factor is set");
            scales[2 + i] = (float)outShape[2 + i] / shape[2 + i];
        }
        var attributes = upsample.mode switch
        {
            UpsampleMode.Nearest => new[]
            {
                OnnxAttribute.String("mode", "nearest"), OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.String("nearest_mode", "floor"),
            },
            UpsampleMode.Bilinear => new[]
            {
                OnnxAttribute.String("mode", "linear"),
                OnnxAttribute.String("coordinate_transformation_mode", upsample.align_corners == true ? "align_corners" : "half_pixel"),
            },
            _ => throw unsupported($"upsampling mode {upsample.mode} (only nearest and bilinear)"),
        };
        var scalesName = graph.AddInitializer(graph.UniqueName("upsample.scales"), scales, 4);
        return (emit("Resize", [x, "", scalesName], attributes)[0], outShape);
    }

    static (string, long[]) TranslateMaxPool(MaxPool2d pool, string x, long[] shape,
        Func<string, IReadOnlyList<string>, OnnxAttribute[], string[]> emit, Func<string, InputException> unsupported)
    {
        RequireRank(shape, 4, unsupported);
        var k = pool.kernel_size;
        var s = pool.stride ?? k;
        var p = pool.padding ?? [0, 0];
        var d = pool.dilation ?? [1, 1];
        if (pool.ceil_mode) throw unsupported("ceil_mode is not supported");
        var outShape = (long[])shape.Clone();
        for (var i = 0; i < 2; i++) outShape[2 + i] = (shape[2 + i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
        return (emit("MaxPool", [x], [OnnxAttribute.Ints("kernel_shape", k), OnnxAttribute.Ints("strides", s),
            OnnxAttribute.Ints("pads", p[0], p[1], p[0], p[1]), OnnxAttribute.Ints("dilations", d)])[0], outShape);
    }

    static void RequireRank(long[] shape, int rank, Func<string, InputException> unsupported)
    {
        if (shape.Length != rank) throw unsupported($"expects a rank-{rank} input, gets shape [{Join(shape)}]");
    }

    static int Axis(long axis, int rank, Func<string, InputException> unsupported)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw unsupported($"dimension {axis} is out of range for rank {rank}");
        return (int)a;
    }

    static float[] Filled(long n, float value) => Enumerable.Repeat(value, checked((int)n)).ToArray();

    static string Join(IEnumerable<long> values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    internal static float[] ToFloats(Tensor t)
    {
        using var c = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return c.data<float>().ToArray();
    }
}
