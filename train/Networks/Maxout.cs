using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// A maxout layer (Goodfellow et al. 2013): <c>units</c> outputs, each the maximum of <c>pieces</c> affine pieces,
/// h_i(x) = max_{j∈[1,pieces]} z_{i,j},  z = x Wᵀ + b with W ∈ ℝ^{units·pieces × in} (pieces of one unit adjacent,
/// as pylearn2's Maxout). The affine map is the submodule <c>linear</c> (so spectral norm can wrap it).
/// </summary>
public sealed class Maxout : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> _linear;

    public int Units { get; }
    public int Pieces { get; }

    /// <param name="wrap">Applied to the affine layer (e.g. spectral normalisation); identity by default.</param>
    public Maxout(long inFeatures, int units, int pieces, Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>>? wrap = null) : base("Maxout")
    {
        (Units, Pieces) = (units, pieces);
        nn.Module<Tensor, Tensor> linear = nn.Linear(inFeatures, (long)units * pieces);
        _linear = wrap is null ? linear : wrap(linear);
        register_module("linear", _linear);
    }

    /// <summary>The affine map (inside its spectral-norm wrapper, when there is one).</summary>
    public TorchSharp.Modules.Linear Linear => _linear as TorchSharp.Modules.Linear ?? (TorchSharp.Modules.Linear)((SpectralNorm)_linear).Layer;

    public override Tensor forward(Tensor x) => _linear.call(x).reshape(x.shape[0], Units, Pieces).amax([2]);
}
