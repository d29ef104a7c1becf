using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>WGAN-GP's step: <c>criticSteps</c> critic updates (each on a fresh real batch), then one generator update.
/// With packing (<paramref name="pack"/> = m) the critic scores packs of m samples (see <see cref="Packing"/>) and the gradient
/// penalty interpolates whole packs (one ε per pack, the norm over the pack's m·d inputs).</summary>
public sealed class WganGpMethod(
    nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> critic,
    optim.Optimizer optG, optim.Optimizer optD,
    int latentSize, int batch, int criticSteps, double gpWeight, int pack = 1) : IGanMethod
{
    public int RealBatchesPerStep => criticSteps;

    readonly Tensor[] gParameters = generator.parameters().Where(p => p.requires_grad).ToArray();

    public StepResult Step(Func<Tensor> nextRealBatch, Generator rng)
    {
        using var scope = NewDisposeScope();
        double lossD = 0, wasserstein = 0, penalty = 0;
        var device = CPU;
        for (var i = 0; i < criticSteps; i++)
        {
            using var inner = NewDisposeScope();
            var real = Packing.Pack(nextRealBatch(), pack);
            device = real.device;
            Tensor fake;
            using (no_grad()) fake = Packing.Pack(Packing.Generate(generator, randn([batch * pack, latentSize], generator: rng, device: real.device), pack), pack);
            optD.zero_grad();
            var criticTerm = WganGpLoss.Critic(critic.call(real), critic.call(fake));
            var gp = WganGpLoss.GradientPenalty(critic, real, fake, rng);
            var loss = criticTerm + gpWeight * gp;
            loss.backward();
            optD.step();
            lossD = loss.item<float>();
            (wasserstein, penalty) = (-criticTerm.item<float>(), gp.item<float>());
        }
        optG.zero_grad();
        var lossG = WganGpLoss.Generator(critic.call(Packing.Pack(Packing.Generate(generator, randn([batch * pack, latentSize], generator: rng, device: device), pack), pack)));
        autograd.backward([lossG], inputs: gParameters); // G's weights only: the critic's weight gradients would be discarded
        optG.step();
        optD.zero_grad();
        return new StepResult(lossD, lossG.item<float>(), null, null) { Critic = (wasserstein, penalty) };
    }
}
