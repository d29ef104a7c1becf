using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Networks;

/// <summary>
/// Spectral normalisation (Miyato et al. 2018) of a Linear or Conv2d layer, as <c>torch.nn.utils.spectral_norm</c>
/// with one power iteration per training forward and persistent vectors u, v (buffers <c>weight_u</c>, <c>weight_v</c>,
/// so they are saved in checkpoints and a resumed run stays bit-identical). With W the weight reshaped to
/// [out, in·kh·kw]:
/// <code>
/// v ← Wᵀu / ‖Wᵀu‖,   u ← W v / ‖W v‖       (no gradient; skipped in eval mode)
/// σ(W) = uᵀ W v,     W_SN = W / σ(W)        (the gradient flows through σ, u and v held fixed)
/// </code>
/// u and v start as normalised N(0, 1) draws from the global generator, as torch does.
/// </summary>
public sealed class SpectralNorm : nn.Module<Tensor, Tensor>
{
    const double Eps = 1e-12; // torch's default
    readonly nn.Module<Tensor, Tensor> _layer;

    public SpectralNorm(nn.Module<Tensor, Tensor> layer) : base("SpectralNorm")
    {
        if (layer is not (Linear or Conv2d)) throw new ArgumentException($"spectral norm wraps Linear or Conv2d, not {layer.GetType().Name}");
        _layer = layer;
        register_module("module", layer);
        using var _ = no_grad();
        var w = Matrix(Weight);
        register_buffer("weight_u", F.normalize(randn(w.shape[0]), 2, 0, Eps));
        register_buffer("weight_v", F.normalize(randn(w.shape[1]), 2, 0, Eps));
    }

    /// <summary>The wrapped layer (its weight is the un-normalised W).</summary>
    public nn.Module<Tensor, Tensor> Layer => _layer;

    Parameter Weight => _layer is Linear l ? l.weight! : ((Conv2d)_layer).weight!;

    Tensor Buffer(string name) => get_buffer(name) ?? throw new InvalidOperationException($"spectral norm lost its buffer {name}");

    static Tensor Matrix(Tensor w) => w.reshape(w.shape[0], -1);

    /// <summary>σ(W) = uᵀ W v with the current u, v (differentiable in W; u, v cloned, as torch does, so the next
    /// forward's in-place power iteration does not invalidate this graph).</summary>
    public Tensor Sigma() => dot(Buffer("weight_u").clone(), mv(Matrix(Weight), Buffer("weight_v").clone()));

    /// <summary>One power-iteration step, updating u and v in place.</summary>
    public void PowerIteration()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = Matrix(Weight);
        var u = Buffer("weight_u");
        var v = Buffer("weight_v");
        v.copy_(F.normalize(mv(w.t(), u), 2, 0, Eps));
        u.copy_(F.normalize(mv(w, v), 2, 0, Eps));
    }

    public override Tensor forward(Tensor x)
    {
        if (training) PowerIteration();
        var weight = Weight / Sigma();
        return _layer switch
        {
            Linear l => F.linear(x, weight, l.bias),
            Conv2d c => F.conv2d(x, weight, c.bias, c.stride, c.padding, c.dilation, c.groups),
            _ => throw new InvalidOperationException(),
        };
    }
}
