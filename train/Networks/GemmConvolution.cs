using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Networks;

/// <summary>
/// Convolutions as matrix products, the safe path of <see cref="Runtime.ConvBackend.Gemm"/>: only libtorch's
/// unfold/fold (im2col/col2im) and BLAS GEMM run, never a convolution kernel of oneDNN or libtorch — so a CPU on which
/// those kernels compute wrong values (docs/cpu-correctness.md) still trains on right ones. Autograd differentiates
/// through unfold, fold and matmul, so the backward passes are GEMMs too. Same arithmetic as the kernels, other summation order.
/// </summary>
public static class GemmConvolution
{
    /// <summary>Conv2d: y[n] = W·unfold(x)[n] + b, W viewed as [C_out, C_in·k_h·k_w] (cross-correlation, zero padding).</summary>
    public static Tensor Conv2d(Conv2d conv, Tensor x)
    {
        var (k, s, p, d) = (conv.kernel_size, conv.stride, Padding(conv), conv.dilation);
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0] + 1;
        var ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1] + 1;
        var cols = F.unfold(x, (k[0], k[1]), (d[0], d[1]), (p[0], p[1]), (s[0], s[1]));             // [N, C_in·k_h·k_w, L]
        var y = conv.weight!.reshape(conv.out_channels, -1).matmul(cols).view(n, conv.out_channels, oh, ow); // W·cols
        return conv.bias is { } b ? y + b.view(1, -1, 1, 1) : y;
    }

    /// <summary>ConvTranspose2d: y = fold(Wᵀ·x[n]) + b, W viewed as [C_in, C_out·k_h·k_w]; fold adds the overlapping
    /// k_h×k_w blocks at stride s (col2im), i.e. y[o, i·s − p + k_y, j·s − p + k_x] += Σ_c x[c, i, j]·W[c, o, k_y, k_x].</summary>
    public static Tensor ConvTranspose2d(ConvTranspose2d conv, Tensor x)
    {
        var (k, s, p, d, op) = (conv.kernel_size, conv.stride, Padding(conv), conv.dilation, conv.output_padding);
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var oh = (h - 1) * s[0] - 2 * p[0] + d[0] * (k[0] - 1) + op[0] + 1;
        var ow = (w - 1) * s[1] - 2 * p[1] + d[1] * (k[1] - 1) + op[1] + 1;
        var cols = conv.weight!.reshape(conv.in_channels, -1).t().matmul(x.reshape(n, conv.in_channels, h * w)); // Wᵀ·x
        var y = F.fold(cols, (oh, ow), (k[0], k[1]), (d[0], d[1]), (p[0], p[1]), (s[0], s[1]));
        return conv.bias is { } b ? y + b.view(1, -1, 1, 1) : y;
    }

    /// <summary>Whether the layer is one this formulation covers: 2-D, one group, zero padding given as numbers.</summary>
    public static bool Covers(Convolution conv) =>
        conv.groups == 1 && conv.padding_mode == TorchSharp.PaddingModes.Zeros && conv.padding_type is null && conv.kernel_size.Length == 2;

    static long[] Padding(Convolution conv) => conv.padding ?? [0, 0];
}
