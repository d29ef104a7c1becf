using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016, §3.2): features f(xᵢ) ∈ ℝ^A are multiplied by a tensor T ∈ ℝ^{A×B×C}
/// to give Mᵢ ∈ ℝ^{B×C}; for each of the B kernels
/// <code>
/// c_b(xᵢ, xⱼ) = exp(−‖M_{i,b} − M_{j,b}‖_{L1}),   o(xᵢ)_b = Σ_{j=1}^{n} c_b(xᵢ, xⱼ)
/// </code>
/// (the sum runs over the whole batch, j = i included, as the paper writes it) and the output is [f(xᵢ), o(xᵢ)] ∈ ℝ^{A+B}.
/// T starts as N(0, 0.05), as in the paper's code. The defaults B = 100, C = 5 are the paper's.
/// </summary>
public sealed class MinibatchDiscrimination : nn.Module<Tensor, Tensor>
{
    public const int DefaultKernels = 100, DefaultDim = 5;
    readonly Parameter _t;

    public int InFeatures { get; }
    public int Kernels { get; }
    public int KernelDim { get; }
    public int OutFeatures => InFeatures + Kernels;

    public MinibatchDiscrimination(int inFeatures, int kernels = DefaultKernels, int kernelDim = DefaultDim) : base("MinibatchDiscrimination")
    {
        (InFeatures, Kernels, KernelDim) = (inFeatures, kernels, kernelDim);
        _t = new Parameter(normal(0, 0.05, [inFeatures, kernels * kernelDim]));
        register_parameter("T", _t);
    }

    /// <summary>The tensor T as [A, B·C].</summary>
    public Parameter T => _t;

    public override Tensor forward(Tensor f)
    {
        var m = f.matmul(_t).reshape(f.shape[0], Kernels, KernelDim);                      // M: [n, B, C]
        var o = exp(-(m.unsqueeze(1) - m.unsqueeze(0)).abs().sum(3)).sum(1);               // o: [n, B]
        return cat([f, o], 1);
    }
}
