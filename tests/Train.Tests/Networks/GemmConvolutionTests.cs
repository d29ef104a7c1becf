using MmaGan.Train.Networks;
using MmaGan.Train.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Tests.Networks;

/// <summary>The GEMM formulation (im2col/col2im + matmul) against libtorch's float64 convolutions (no oneDNN in float64),
/// forward and both backward directions, over strides, paddings, biases and output paddings.</summary>
public class GemmConvolutionTests
{
    [Theory]
    [InlineData(3, 5, 4, 2, 1, true, 9)]
    [InlineData(4, 2, 3, 1, 1, false, 7)]
    [InlineData(2, 3, 1, 1, 0, true, 5)]
    [InlineData(64, 128, 4, 2, 1, false, 16)] // a production layer of D (DCGAN-32, base width 64)
    public void Conv2dMatchesFloat64(int cin, int cout, int k, int stride, int pad, bool bias, int size)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        var conv = nn.Conv2d(cin, cout, k, stride: stride, padding: pad, bias: bias);
        var x = randn(4, cin, size, size);
        var gy = randn(conv.call(x).shape);
        Compare(x, gy, xx => GemmConvolution.Conv2d(conv, xx), conv.parameters().ToArray(),
            (x64, p64) => F.conv2d(x64, p64[0], bias ? p64[1] : null, strides: [stride, stride], padding: [pad, pad]));
    }

    [Theory]
    [InlineData(5, 3, 4, 2, 1, 0, true, 4)]
    [InlineData(3, 2, 3, 2, 1, 1, false, 5)]
    [InlineData(100, 256, 4, 1, 0, 0, false, 1)] // DCGAN's first layer: a latent [N, 100, 1, 1] to 4×4
    [InlineData(256, 128, 4, 2, 1, 0, false, 4)] // a production layer of G (DCGAN-32, base width 64)
    public void ConvTranspose2dMatchesFloat64(int cin, int cout, int k, int stride, int pad, int outPad, bool bias, int size)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        var conv = nn.ConvTranspose2d(cin, cout, k, stride: stride, padding: pad, output_padding: outPad, bias: bias);
        var x = randn(4, cin, size, size);
        var gy = randn(conv.call(x).shape);
        Compare(x, gy, xx => GemmConvolution.ConvTranspose2d(conv, xx), conv.parameters().ToArray(),
            (x64, p64) => F.conv_transpose2d(x64, p64[0], bias ? p64[1] : null, strides: [stride, stride], padding: [pad, pad],
                output_padding: [outPad, outPad]));
    }

    static void Compare(Tensor x, Tensor gy, Func<Tensor, Tensor> gemm, TorchSharp.Modules.Parameter[] parameters, Func<Tensor, Tensor[], Tensor> reference)
    {
        var x32 = x.clone().requires_grad_(true);
        foreach (var p in parameters) p.grad = null;
        var y32 = gemm(x32);
        y32.backward([gy]);
        var x64 = x.to(ScalarType.Float64).requires_grad_(true);
        var p64 = parameters.Select(p => p.detach().to(ScalarType.Float64).requires_grad_(true)).ToArray();
        var y64 = reference(x64, p64);
        y64.backward([gy.to(ScalarType.Float64)]);
        Assert.Equal(y64.shape, y32.shape);
        Assert.True(PrecisionProbe.RelativeError(y32, y64) < 1e-5, "forward");
        Assert.True(PrecisionProbe.RelativeError(x32.grad!, x64.grad!) < 1e-5, "backward-data");
        for (var i = 0; i < parameters.Length; i++)
            Assert.True(PrecisionProbe.RelativeError(parameters[i].grad!, p64[i].grad!) < 1e-5, $"backward-weights {i}");
    }
}
