using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Methods;

/// <summary>
/// The MMA-GAN objective on D's K logits ℓ_k (D_k = σ(ℓ_k)), computed with log-sigmoids so that saturated heads
/// give finite losses (log σ(ℓ) = −softplus(−ℓ), log(1 − σ(ℓ)) = log σ(−ℓ)):
/// <code>
/// L_D     = −E_real[(1/K) Σ_k log D_k(x)] − E_z[(1/K) Σ_k log(1 − D_k(G(z)))]
/// L_G,adv = −E_z[(1/K) Σ_k log D_k(G(z))]                          (non-saturating)
/// L_G,div = λ · Σ_k max(0, τ − A_k),   A_k = (1/M) Σ_i D_k(G(z_i)) over a separate batch of M latents
/// </code>
/// With K = 1 and λ = 0 this is exactly the non-saturating DCGAN loss (binary cross-entropy with logits).
/// </summary>
public static class MmaGanLoss
{
    /// <summary>L_D from real and fake logits [B,K].</summary>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        -F.logsigmoid(realLogits).mean() - F.logsigmoid(-fakeLogits).mean();

    /// <summary>L_G,adv from fake logits [B,K].</summary>
    public static Tensor GeneratorAdversarial(Tensor fakeLogits) => -F.logsigmoid(fakeLogits).mean();

    /// <summary>Mode activations A_k = batch mean of σ(ℓ_k): [K].</summary>
    public static Tensor ModeActivations(Tensor divLogits) => sigmoid(divLogits).mean([0]);

    /// <summary>λ · Σ_k max(0, τ − A_k) from A [K].</summary>
    public static Tensor Diversity(Tensor activations, double lambda, double tau) =>
        (tau - activations).clamp_min(0).sum() * lambda;
}
