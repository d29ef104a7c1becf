using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Methods;

/// <summary>
/// D's loss with one-sided label smoothing (Salimans et al. 2016, §3.4): the real targets are a ∈ (0.5, 1] instead of 1,
/// for each of the K heads, while fakes stay 0 — binary cross-entropy with targets a and 0, averaged over the K heads:
/// <code>
/// L_D = −E_real[(1/K) Σ_k (a·log D_k(x) + (1 − a)·log(1 − D_k(x)))] − E_z[(1/K) Σ_k log(1 − D_k(G(z)))]
/// </code>
/// With a = 1 it is <see cref="MmaGanLoss.Discriminator"/>.
/// </summary>
public static class LabelSmoothingLoss
{
    /// <summary>L_D from real and fake logits [B,K] with real target <paramref name="a"/>.</summary>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, double a) =>
        -(a * F.logsigmoid(realLogits) + (1 - a) * F.logsigmoid(-realLogits)).mean() - F.logsigmoid(-fakeLogits).mean();
}
