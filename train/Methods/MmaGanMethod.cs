using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// MMA-GAN's step (DCGAN when K = 1 and λ = 0): (1) <see cref="DiscriminatorStep"/> on a real batch and G(z_adv).detach();
/// (2) <see cref="GeneratorStep"/> on D(G(z_adv)) (adversarial term) plus, when λ &gt; 0, the diversity term on D(G(z_div))
/// for a separate batch of M latents (drawn and logged for MMA-GAN even at λ = 0; skipped for DCGAN). Each backward pass
/// computes only its own network's weight gradients, each optimizer steps only its own network, and D's gradients are cleared after the step.
/// Stabilisers: <paramref name="realTarget"/> a &lt; 1 smooths D's real targets (<see cref="LabelSmoothingLoss"/>);
/// <paramref name="hiddenFeatures"/> (D's last hidden features f) switches G's adversarial term to <see cref="FeatureMatchingLoss"/>.
/// With packing (<paramref name="pack"/> = m, PacGAN) every D input is a pack of m samples (see <see cref="Packing"/>): a real
/// batch is B packs (B·m samples), G makes B·m samples per step, and the diversity batch is M packs of m generated samples,
/// so A_k = (1/M) Σ_i D_k(pack_i) averages the K heads over M packs — the same estimator, applied to what D judges.
/// With <paramref name="simultaneous"/> (PacGAN's and ALI's training algorithm) both gradients are taken at the same
/// parameters on the same batch and both optimizers step together, instead of D first and then G against the updated D.
/// </summary>
public sealed class MmaGanMethod(
    nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
    optim.Optimizer optG, optim.Optimizer optD,
    int latentSize, int batch, int divBatch, double lambda, double tau, bool diversityBatch = true,
    double? realTarget = null, Func<Tensor, Tensor>? hiddenFeatures = null, int pack = 1, bool simultaneous = false) : IGanMethod
{
    public int RealBatchesPerStep => 1;

    readonly Tensor[] dParameters = discriminator.parameters().Where(p => p.requires_grad).ToArray();
    readonly Tensor[] gParameters = generator.parameters().Where(p => p.requires_grad).ToArray();

    public StepResult Step(Func<Tensor> nextRealBatch, Generator rng)
    {
        using var scope = NewDisposeScope();
        var real = Packing.Pack(nextRealBatch(), pack);
        var fake = Packing.Pack(Packing.Generate(generator, randn([batch * pack, latentSize], generator: rng, device: real.device), pack), pack);
        if (simultaneous) return SimultaneousStep(real, fake, rng);
        var lossD = DiscriminatorStep(real, fake);
        var (lossG, div, activations) = GeneratorStep(fake, rng, real);
        return new StepResult(lossD, lossG, div, activations);
    }

    /// <summary>∇_D L_D and ∇_G L_G at the current (D, G), then both optimizers step. One pass of D over G's batch serves
    /// both losses, and each backward reaches only its own network's weights (the values are those of taking L_D on
    /// D(fake.detach()) and L_G on a second D(fake), without that second pass or the D weight gradients L_G would add).</summary>
    StepResult SimultaneousStep(Tensor real, Tensor fake, Generator rng)
    {
        optD.zero_grad();
        optG.zero_grad();
        var fakeLogits = hiddenFeatures is null ? discriminator.call(fake) : null; // feature matching judges D's features instead
        var (lossG, div, activations) = GeneratorLoss(fake, rng, real, fakeLogits);
        var lossD = DiscriminatorLoss(real, fake, fakeLogits); // its backward reaches D only (inputs: D's weights)
        autograd.backward([lossD], retain_graph: true, inputs: dParameters);
        autograd.backward([lossG], inputs: gParameters);
        optD.step();
        optG.step();
        optD.zero_grad();
        return new StepResult(lossD.item<float>(), lossG.item<float>(), div?.item<float>(),
            Values(activations));
    }

    /// <summary>L_D on D(real) and D(fake.detach()) (no gradient reaches G), or on the given logits of G's batch.</summary>
    Tensor DiscriminatorLoss(Tensor real, Tensor fake, Tensor? fakeLogits = null)
    {
        var realLogits = discriminator.call(real);
        fakeLogits ??= discriminator.call(fake.detach());
        return realTarget is { } a
            ? LabelSmoothingLoss.Discriminator(realLogits, fakeLogits, a)
            : MmaGanLoss.Discriminator(realLogits, fakeLogits);
    }

    /// <summary>Updates D only: L_D on D(real) and D(fake.detach()).</summary>
    public double DiscriminatorStep(Tensor real, Tensor fake)
    {
        using var scope = NewDisposeScope();
        optD.zero_grad();
        var lossD = DiscriminatorLoss(real, fake);
        lossD.backward();
        optD.step();
        return lossD.item<float>();
    }

    /// <summary>Updates G only: L_G,adv on D(fake) (or feature matching against <paramref name="real"/>) plus
    /// λ·Σ max(0, τ − A_k) on a fresh diversity batch.</summary>
    public (double LossG, double? Diversity, double[]? Activations) GeneratorStep(Tensor fake, Generator rng, Tensor? real = null)
    {
        using var scope = NewDisposeScope();
        optG.zero_grad();
        var (lossG, div, activations) = GeneratorLoss(fake, rng, real);
        autograd.backward([lossG], inputs: gParameters); // G's weights only: D's weight gradients would be discarded
        optG.step();
        optD.zero_grad(); // no stale D gradients (from the D step) outlive the step
        return (lossG.item<float>(), div?.item<float>(),
            Values(activations));
    }

    /// <summary>L_G,adv (or feature matching) plus, when measured, the diversity term; the activations A_k.</summary>
    (Tensor LossG, Tensor? Diversity, Tensor? Activations) GeneratorLoss(Tensor fake, Generator rng, Tensor? real, Tensor? fakeLogits = null)
    {
        Tensor lossG;
        if (hiddenFeatures is { } f)
        {
            if (real is null) throw new ArgumentException("feature matching needs the real batch", nameof(real));
            Tensor realFeatures;
            using (no_grad()) realFeatures = f(real);
            lossG = FeatureMatchingLoss.Generator(realFeatures, f(fake));
        }
        else lossG = MmaGanLoss.GeneratorAdversarial(fakeLogits ?? discriminator.call(fake));
        Tensor? div = null, activations = null;
        if (diversityBatch || lambda > 0) // MMA-GAN always measures A_k (logged even when λ = 0); DCGAN skips the batch
        {
            var zDiv = randn([divBatch * pack, latentSize], generator: rng, device: fake.device);
            activations = MmaGanLoss.ModeActivations(discriminator.call(Packing.Pack(Packing.Generate(generator, zDiv, pack), pack)));
            div = MmaGanLoss.Diversity(activations, lambda, tau);
            lossG = lossG + div;
        }
        return (lossG, div, activations);
    }

    static double[]? Values(Tensor? activations) => activations?.detach().cpu().data<float>().Select(v => (double)v).ToArray();
}
