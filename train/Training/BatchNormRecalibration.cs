using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// Refreshes G's batch-norm population statistics on the current, frozen G before it is evaluated, as PacGAN's Blocks main
/// loop does: after every epoch its training monitor runs G in batch-norm mode on 50 batches of 100 fresh latents with the
/// population update p ← 0.95·p + 0.05·m, and only then draws the samples its metrics score (population statistics, no
/// dropout). Without it the eval-mode statistics are an average over the last ~20 training steps of a G that moves, and
/// samples drawn with them land off the modes G has learned. Weights, gradients and the training RNG are untouched;
/// only BatchNorm running statistics change (training itself uses batch statistics, so the trajectory does not depend on them).
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Runs G in train mode without gradients on <paramref name="batches"/> batches of <paramref name="batchSize"/>
    /// latents drawn from <paramref name="seed"/>; BatchNorm's own momentum updates the running statistics.</summary>
    public static void Run(nn.Module<Tensor, Tensor> generator, int latentSize, int batches, int batchSize, ulong seed, Device device)
    {
        if (batches <= 0) return;
        var wasTraining = generator.training;
        generator.train();
        try
        {
            using var rng = new Generator(seed);
            using var _ = no_grad();
            for (var i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                generator.call(randn([batchSize, latentSize], generator: rng).to(device));
            }
        }
        finally { if (!wasTraining) generator.eval(); }
    }
}
