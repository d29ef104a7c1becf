using MmaGan.Train.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// The networks' container: a <see cref="Sequential"/> (same children, names, state dict and ONNX export) whose forward
/// computes its Conv2d and ConvTranspose2d layers through <see cref="GemmConvolution"/> while
/// <see cref="ConvKernels.Current"/> is <see cref="ConvBackend.Gemm"/>, and exactly as <see cref="Sequential"/> otherwise.
/// </summary>
public sealed class ConvRoutedSequential(params (string Name, nn.Module<Tensor, Tensor> Module)[] layers) : Sequential(layers)
{
    readonly nn.Module<Tensor, Tensor>[] _layers = layers.Select(l => l.Module).ToArray();

    public override Tensor forward(Tensor input)
    {
        if (ConvKernels.Current != ConvBackend.Gemm) return base.forward(input);
        var x = input;
        foreach (var layer in _layers) x = Apply(layer, x);
        return x;
    }

    /// <summary>One layer as this container computes it under the current <see cref="ConvKernels.Current"/>.</summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor> layer, Tensor x) => ConvKernels.Current != ConvBackend.Gemm ? layer.call(x) : layer switch
    {
        TorchSharp.Modules.Conv2d c when GemmConvolution.Covers(c) => GemmConvolution.Conv2d(c, x),
        TorchSharp.Modules.ConvTranspose2d t when GemmConvolution.Covers(t) => GemmConvolution.ConvTranspose2d(t, x),
        _ => layer.call(x),
    };
}
