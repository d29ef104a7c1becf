using TorchSharp;
using MmaGan.Train.Networks;
using MmaGan.Train.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Numerics;

/// <summary>Which computation of a layer a discrepancy belongs to.</summary>
public enum Direction { Forward, BackwardData, BackwardWeights }

/// <summary>One layer's float32 result against float64 on the same input: normwise relative error max|a−b| / max|b|.</summary>
public sealed record LayerDiscrepancy(string Network, string Layer, string Op, long[] InputShape, bool ChannelsLast,
    Direction Direction, double RelativeError)
{
    public override string ToString() =>
        $"{Network,-2} {Layer,-8} {Op,-16} in [{string.Join(",", InputShape)}]{(ChannelsLast ? " (channels-last)" : "")} {Direction,-15} {RelativeError:E2}";
}

/// <summary>
/// Runs a network's layers in float32 (what training uses, through whatever kernels libtorch picks — oneDNN on x86)
/// and in float64 (libtorch's reference kernels: oneDNN has no float64 path), on the same inputs, weights and output
/// gradients, and reports the normwise relative error of each result: y = f(x) (forward), ∂L/∂x (backward-data) and
/// ∂L/∂W (backward-weights). Works on twins built by <paramref name="factory"/> with copied state, so the network
/// under test (its weights, BatchNorm running statistics and gradients) is left exactly as it was.
/// A correct float32 convolution with k inputs per output has relative error ≈ √k·2⁻²⁴ (≲ 1e-5 at these sizes).
/// </summary>
public static class PrecisionProbe
{
    /// <summary>Every layer with parameters (Conv2d, ConvTranspose2d, Linear, BatchNorm), each on the input it receives
    /// in a float32 forward pass of <paramref name="network"/> from <paramref name="input"/>, with its convolutions on
    /// <paramref name="path"/>.</summary>
    public static List<LayerDiscrepancy> PerLayer(string name, Sequential network, Func<TorchSharp.Modules.Sequential> factory, Tensor input,
        bool train, ulong seed, ConvBackend path, bool forwardOnly = false)
    {
        using var scope = NewDisposeScope();
        var (f32, f64) = Twins(network, factory, train, path);
        ConvKernels.Select(path);
        using var gen = new Generator(seed);
        var results = new List<LayerDiscrepancy>();
        var x = input.detach();
        var layers32 = f32.named_children().ToList();
        var layers64 = f64.named_children().Select(c => c.module).ToList();
        for (var i = 0; i < layers32.Count; i++)
        {
            var (layerName, layer32) = layers32[i];
            var l32 = (nn.Module<Tensor, Tensor>)layer32;
            var l64 = (nn.Module<Tensor, Tensor>)layers64[i];
            if (layer32.parameters().Any())
                results.AddRange(forwardOnly ? CompareForward(name, layerName, l32, l64, x, path) : CompareLayer(name, layerName, l32, l64, x, gen, path));
            using (no_grad()) x = ConvRoutedSequential.Apply(l32, x, path).detach();
        }
        return results;
    }

    /// <summary>The whole network: output, input gradient and every parameter gradient for a random output gradient.</summary>
    public static List<LayerDiscrepancy> Whole(string name, Sequential network, Func<TorchSharp.Modules.Sequential> factory, Tensor input,
        bool train, ulong seed, ConvBackend path)
    {
        using var scope = NewDisposeScope();
        var (f32, f64) = Twins(network, factory, train, path);
        ConvKernels.Select(path);
        using var gen = new Generator(seed);
        return CompareLayer(name, "(all)", f32, f64, input.detach(), gen, path, op: "network");
    }

    static LayerDiscrepancy[] CompareForward(string network, string layer, nn.Module<Tensor, Tensor> l32, nn.Module<Tensor, Tensor> l64, Tensor x, ConvBackend path)
    {
        using var _ = no_grad();
        var y32 = ConvRoutedSequential.Apply(l32, x.detach(), path);
        var y64 = ConvRoutedSequential.Apply(l64, x.detach().to(ScalarType.Float64), path);
        return [new(network, layer, l32.GetType().Name, x.shape, IsChannelsLast(x), Direction.Forward, RelativeError(y32, y64))];
    }

    static List<LayerDiscrepancy> CompareLayer(string network, string layer, nn.Module<Tensor, Tensor> l32,
        nn.Module<Tensor, Tensor> l64, Tensor x, Generator gen, ConvBackend path, string? op = null)
    {
        var x32 = x.detach().clone().requires_grad_(true);
        var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
        var y32 = ConvRoutedSequential.Apply(l32, x32, path);
        var y64 = ConvRoutedSequential.Apply(l64, x64, path);
        var gy = randn(y32.shape, ScalarType.Float64, generator: gen);
        l32.zero_grad();
        l64.zero_grad();
        y32.backward([gy.to(ScalarType.Float32)]);
        y64.backward([gy]);
        var shape = x.shape;
        var channelsLast = IsChannelsLast(x);
        op ??= l32.GetType().Name;
        var results = new List<LayerDiscrepancy>
        {
            new(network, layer, op, shape, channelsLast, Direction.Forward, RelativeError(y32, y64)),
            new(network, layer, op, shape, channelsLast, Direction.BackwardData, RelativeError(x32.grad!, x64.grad!)),
        };
        var p32 = l32.parameters().ToList();
        var p64 = l64.parameters().ToList();
        if (p32.Count > 0)
        {
            var worst = 0.0;
            for (var i = 0; i < p32.Count; i++)
                if (p32[i].grad is { } g32 && p64[i].grad is { } g64) worst = Math.Max(worst, RelativeError(g32, g64));
            results.Add(new(network, layer, op, shape, channelsLast, Direction.BackwardWeights, worst));
        }
        return results;
    }

    /// <summary>Whether a 4-D tensor is laid out NHWC (strides H·W·C, 1, W·C, C) rather than NCHW.</summary>
    public static bool IsChannelsLast(Tensor x)
    {
        if (x.dim() != 4) return false;
        var (s, n) = (x.stride(), x.shape);
        return s[1] == 1 && s[3] == n[1] && s[2] == n[1] * n[3] && !(n[2] == 1 && n[3] == 1 && x.is_contiguous());
    }

    /// <summary>max|a − b| / max|b| in float64 over the entries where the float64 reference is finite (a network whose
    /// weights are already NaN is not a kernel fault: training stops on its non-finite loss). A non-finite float32 value
    /// where float64 is finite gives +∞.</summary>
    public static double RelativeError(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var a64 = a.detach().to(ScalarType.Float64);
        var b64 = b.detach().to(ScalarType.Float64);
        var finite = b64.isfinite();
        if (!(a64.isfinite() | finite.logical_not()).all().item<bool>()) return double.PositiveInfinity;
        if (!finite.any().item<bool>()) return 0;
        var scale = b64.masked_select(finite).abs().max().item<double>();
        var diff = (a64 - b64).masked_select(finite).abs().max().item<double>();
        return scale > 0 ? diff / scale : diff;
    }

    /// <summary>A float32 and a float64 copy of <paramref name="network"/> (weights and buffers), in train or eval mode.</summary>
    static (Sequential F32, Sequential F64) Twins(Sequential network, Func<TorchSharp.Modules.Sequential> factory, bool train, ConvBackend path)
    {
        var f32 = factory();
        var f64 = factory();
        ConvRoutedSequential.SetPath(f32, path);
        ConvRoutedSequential.SetPath(f64, path);
        var state = network.state_dict();
        using (no_grad())
        {
            foreach (var twin in new[] { f32, f64 })
            {
                var target = twin.state_dict();
                foreach (var (key, value) in state) target[key].copy_(value.detach().cpu());
            }
        }
        f64.to(ScalarType.Float64);
        f32.train(train);
        f64.train(train);
        return (f32, f64);
    }
}
