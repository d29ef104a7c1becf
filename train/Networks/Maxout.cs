using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// A maxout layer (Goodfellow et al. 2013) as in Blocks' <c>LinearMaxout</c>, which PacGAN's toy discriminator uses:
/// one linear map to <c>units · pieces</c> outputs, grouped in consecutive runs of <c>pieces</c>, and the maximum of each run:
/// <code>h_j = max_{p &lt; pieces} (W x + b)_{j·pieces + p},   j = 0 … units − 1</code>
/// </summary>
public sealed class Maxout : nn.Module<Tensor, Tensor>
{
    readonly TorchSharp.Modules.Linear linear;

    public int Units { get; }
    public int Pieces { get; }

    public Maxout(long inFeatures, int units, int pieces) : base(nameof(Maxout))
    {
        Units = units;
        Pieces = pieces;
        linear = nn.Linear(inFeatures, (long)units * pieces);
        RegisterComponents();
    }

    public TorchSharp.Modules.Linear Linear => linear;

    /// <summary>[B, in] → [B, units]: max over each run of <see cref="Pieces"/> consecutive linear outputs.</summary>
    public override Tensor forward(Tensor x) => linear.call(x).unflatten(1, [Units, Pieces]).amax([2]);
}
