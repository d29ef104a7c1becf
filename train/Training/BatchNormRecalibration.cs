using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// Recomputes G's batch-norm population statistics on the current, frozen G before it is evaluated:
/// μ = (1/N) Σ_n mean(h_n), σ² = (1/N) Σ_n var_unbiased(h_n) over N batches h_n of fresh latents (stats reset first).
/// PacGAN's Blocks main loop does this in spirit: after every epoch its training monitor runs the frozen G in batch-norm mode
/// on 50 batches of 100 with the population update p ← 0.95·p + 0.05·m, and only then draws the samples its metrics score;
/// that leaves 0.95⁵⁰ ≈ 7.7% of the stale statistics in, which the plain average here does not. Without a refresh the
/// eval-mode statistics are an average over the last ~20 training steps of a G that moves, and samples drawn with them land
/// off the modes G has learned. Weights, gradients and the training RNG are untouched; only the running statistics change
/// (training itself uses batch statistics, so the trajectory does not depend on them).
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Runs G in train mode without gradients on <paramref name="batches"/> batches of <paramref name="batchSize"/>
    /// latents drawn from <paramref name="seed"/>, BatchNorm's momentum set to 1/i for batch i so its own update keeps the
    /// running average; the momenta and train/eval mode are restored afterwards.</summary>
    public static void Run(nn.Module<Tensor, Tensor> generator, int latentSize, int batches, int batchSize, ulong seed, Device device)
    {
        if (batches <= 0) return;
        var norms = generator.modules().OfType<TorchSharp.Modules.BatchNorm>().ToArray();
        if (norms.Length == 0) return;
        var momenta = norms.Select(bn => bn.momentum).ToArray();
        var wasTraining = generator.training;
        generator.train();
        try
        {
            foreach (var bn in norms) bn.reset_running_stats();
            using var rng = new Generator(seed);
            using var _ = no_grad();
            for (var i = 1; i <= batches; i++)
            {
                foreach (var bn in norms) bn.momentum = 1.0 / i; // running = (1 − 1/i)·running + (1/i)·batch: the average of batches 1..i
                using var scope = NewDisposeScope();
                generator.call(randn([batchSize, latentSize], generator: rng).to(device));
            }
        }
        finally
        {
            foreach (var (bn, m) in norms.Zip(momenta)) bn.momentum = m;
            if (!wasTraining) generator.eval();
        }
    }
}
