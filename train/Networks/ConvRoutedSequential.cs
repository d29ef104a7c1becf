using MmaGan.Train.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// The networks' container: a <see cref="Sequential"/> (same children, names, state dict and ONNX export) whose
/// convolution path is its own property, <see cref="Path"/> (chosen by the start-up numerics check, oneDNN by default):
/// with <see cref="ConvBackend.Gemm"/> its Conv2d and ConvTranspose2d layers are computed through
/// <see cref="GemmConvolution"/>, otherwise exactly as <see cref="Sequential"/> computes them, with libtorch's kernel
/// switch set to match first (<see cref="ConvKernels.Select"/>).
/// </summary>
public sealed class ConvRoutedSequential(params (string Name, nn.Module<Tensor, Tensor> Module)[] layers) : Sequential(layers)
{
    readonly nn.Module<Tensor, Tensor>[] _layers = layers.Select(l => l.Module).ToArray();

    /// <summary>The path this network's convolutions take.</summary>
    public ConvBackend Path { get; set; } = ConvBackend.OneDnn;

    public override Tensor forward(Tensor input)
    {
        ConvKernels.Select(Path);
        if (Path != ConvBackend.Gemm) return base.forward(input);
        var x = input;
        foreach (var layer in _layers) x = Apply(layer, x, Path);
        return x;
    }

    /// <summary>One of this network's layers on its own, as the network computes it.</summary>
    public Tensor ApplyLayer(nn.Module<Tensor, Tensor> layer, Tensor x)
    {
        ConvKernels.Select(Path);
        return Apply(layer, x, Path);
    }

    /// <summary>One layer as a network on <paramref name="path"/> computes it (libtorch's switch already set for it).</summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor> layer, Tensor x, ConvBackend path) => path != ConvBackend.Gemm ? layer.call(x) : layer switch
    {
        TorchSharp.Modules.Conv2d c when GemmConvolution.Covers(c) => GemmConvolution.Conv2d(c, x),
        TorchSharp.Modules.ConvTranspose2d t when GemmConvolution.Covers(t) => GemmConvolution.ConvTranspose2d(t, x),
        _ => layer.call(x),
    };

    /// <summary>Sets the path of every <see cref="ConvRoutedSequential"/> in <paramref name="network"/> (itself included).</summary>
    public static void SetPath(nn.Module network, ConvBackend path)
    {
        if (network is ConvRoutedSequential self) self.Path = path;
        foreach (var (_, m) in network.named_modules()) if (m is ConvRoutedSequential r) r.Path = path;
    }

    /// <summary>The path of <paramref name="network"/>: its own when it is one, else oneDNN (plain Sequential nets have no convolutions to route).</summary>
    public static ConvBackend PathOf(nn.Module network) => network is ConvRoutedSequential r ? r.Path : ConvBackend.OneDnn;
}
