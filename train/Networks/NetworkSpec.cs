namespace MmaGan.Train.Networks;

/// <summary>Shape of a G/D pair: <c>toy</c> (today's small 2-D MLPs), <c>toy-pacgan</c> (PacGAN's toy networks: BN-ReLU MLP
/// generator, maxout discriminator), <c>conv</c> (DCGAN-style, 32/64/128/256 pixels), <c>mlp</c>
/// (Goodfellow et al. 2014's fully connected G and maxout D, for images) or <c>stacked-mnist</c> (the Unrolled GAN / PacGAN
/// Stacked MNIST pair at 28×28, D a quarter or half of G: <see cref="DSize"/>).</summary>
/// <param name="Heads">D's outputs: K mode activations for MMA-GAN, 1 for DCGAN and the WGAN-GP critic.</param>
/// <param name="DiscriminatorBatchNorm">Whether D's hidden conv layers have batch norm: true for DCGAN and MMA-GAN, false
/// for the WGAN-GP critic (the gradient penalty is per sample, so the critic must not mix samples) and with spectral norm.</param>
/// <param name="SpectralNorm">Spectral normalisation of every Conv/Linear weight of D (<see cref="Networks.SpectralNorm"/>).</param>
/// <param name="MbdKernels">Minibatch-discrimination kernels B before D's heads (0 = none), each of <paramref name="MbdDim"/> dims.</param>
/// <param name="Pack">PacGAN packing: D judges this many samples at once (its input is Pack samples concatenated).</param>
/// <param name="DSize">stacked-mnist only: D's size relative to G, 0.25 (conv filters 2, 4, 8) or 0.5 (4, 8, 16), as the
/// Unrolled GAN experiments PacGAN's Table 3 reruns.</param>
public sealed record NetworkSpec(string Kind, int LatentSize, int ImageSize, int Channels, int Heads, int BaseWidth = 64, bool DiscriminatorBatchNorm = true,
    bool SpectralNorm = false, int MbdKernels = 0, int MbdDim = MinibatchDiscrimination.DefaultDim, int Pack = 1, double DSize = 0.25)
{
    public const int MaxWidth = 512;

    /// <summary>Whether this is one of the 2-D toy pairs (samples [N,2]).</summary>
    public bool IsToy => Kind is "toy" or "toy-pacgan";

    /// <summary>Channels of the feature map at the given spatial size: BaseWidth · (ImageSize / 2·size), capped at 512.</summary>
    public int WidthAt(int size) => Math.Min(MaxWidth, BaseWidth * ImageSize / (2 * size));
}
