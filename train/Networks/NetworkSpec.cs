namespace MmaGan.Train.Networks;

/// <summary>
/// Shape of a G/D pair: <c>toy</c> (today's small 2-D MLPs), <c>toy-pacgan</c> (PacGAN's toy networks: BN-ReLU MLP
/// generator, maxout discriminator) or <c>conv</c> (DCGAN-style, 32/64/128/256 pixels).
/// </summary>
/// <param name="Heads">D's outputs: K mode activations for MMA-GAN, 1 for DCGAN and the WGAN-GP critic.</param>
/// <param name="CriticNorm">False for the WGAN-GP critic (no batch norm: the gradient penalty is per sample).</param>
/// <param name="Pack">PacGAN packing: D judges this many samples at once (its input is Pack samples concatenated).</param>
public sealed record NetworkSpec(string Kind, int LatentSize, int ImageSize, int Channels, int Heads, int BaseWidth = 64, bool CriticNorm = true,
    int Pack = 1)
{
    public const int MaxWidth = 512;

    /// <summary>Whether this is one of the 2-D toy pairs (samples [N,2]).</summary>
    public bool IsToy => Kind is "toy" or "toy-pacgan";

    /// <summary>Channels of the feature map at the given spatial size: BaseWidth · (ImageSize / 2·size), capped at 512.</summary>
    public int WidthAt(int size) => Math.Min(MaxWidth, BaseWidth * ImageSize / (2 * size));
}
