using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// Feature matching (Salimans et al. 2016, §3.1): G's adversarial term is replaced by the squared distance between the
/// batch means of D's last hidden features f (the input of D's heads) on real and generated data:
/// <code>
/// L_G,adv = ‖E_x f(x) − E_z f(G(z))‖₂²
/// </code>
/// (with MMA-GAN the diversity term λ·Σ_k max(0, τ − A_k) is still added).
/// </summary>
public static class FeatureMatchingLoss
{
    /// <summary>L_G,adv from real and fake features [B,A] (the real side carries no gradient to G anyway).</summary>
    public static Tensor Generator(Tensor realFeatures, Tensor fakeFeatures) =>
        (realFeatures.mean([0]) - fakeFeatures.mean([0])).square().sum();
}
