using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// MMA-GAN's step (DCGAN when K = 1 and λ = 0): (1) D on a real batch and G(z_adv).detach(); (2) G on D(G(z_adv))
/// (adversarial term) plus, when λ &gt; 0, the diversity term on D(G(z_div)) for a separate batch of M latents.
/// Each optimizer steps only its own network; gradients of the other are cleared before they are used.
/// </summary>
public sealed class MmaGanMethod(
    nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
    optim.Optimizer optG, optim.Optimizer optD,
    int latentSize, int batch, int divBatch, double lambda, double tau) : IGanMethod
{
    public int RealBatchesPerStep => 1;

    public StepResult Step(Func<Tensor> nextRealBatch, Generator rng)
    {
        using var scope = NewDisposeScope();
        var real = nextRealBatch();
        var device = real.device;
        var zAdv = randn([batch, latentSize], generator: rng, device: device);
        var fake = generator.call(zAdv);

        optD.zero_grad();
        var lossD = MmaGanLoss.Discriminator(discriminator.call(real), discriminator.call(fake.detach()));
        lossD.backward();
        optD.step();

        optG.zero_grad();
        var lossAdv = MmaGanLoss.GeneratorAdversarial(discriminator.call(fake));
        Tensor? div = null, activations = null;
        var lossG = lossAdv;
        if (lambda > 0)
        {
            var zDiv = randn([divBatch, latentSize], generator: rng, device: device);
            activations = MmaGanLoss.ModeActivations(discriminator.call(generator.call(zDiv)));
            div = MmaGanLoss.Diversity(activations, lambda, tau);
            lossG = lossAdv + div;
        }
        lossG.backward();
        optG.step();
        optD.zero_grad();

        return new StepResult(
            lossD.item<float>(), lossG.item<float>(),
            div?.item<float>(),
            activations?.detach().cpu().data<float>().Select(v => (double)v).ToArray());
    }
}
