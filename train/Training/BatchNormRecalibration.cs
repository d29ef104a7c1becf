using MmaGan.Train.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// Recomputes G's batch-norm population statistics on the current, frozen G before it is evaluated, as PacGAN's Blocks code
/// keeps them: over N batches h_n of fresh latents, with G normalising each batch by its own statistics as in training,
///   μ = (1/N) Σ_n mean(h_n),   s = (1/N) Σ_n √(var_biased(h_n) + ε),   running_var = s² − ε,
/// so that eval mode divides by √(running_var + ε) = s: Blocks' population standard deviation, the average of the divisors
/// G was trained with (batch norm normalises a training batch by its biased variance). PyTorch's own running_var averages
/// the *unbiased* batch variance, which would shrink every eval-mode activation by ≈ √((n−1)/n) plus Jensen's gap
/// (≈ 0.75% per layer at n = 100, four layers deep in PacGAN's G; the 25-Gaussian grid's σ is 1.25% of its centres' distance).
/// PacGAN's main loop refreshes after every epoch: its training monitor runs the frozen G in batch-norm mode on 50 batches
/// of 100 with the population update p ← 0.95·p + 0.05·m, then the metrics draw their samples; that keeps 0.95⁵⁰ ≈ 7.7% of
/// the stale statistics, which the plain average here does not. Weights, gradients and the training RNG are untouched; only
/// the running statistics change (training itself uses batch statistics, so the trajectory does not depend on them).
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>The refresh as the trainer runs it (<c>--bn-recalibration</c> batches of <c>--batch</c> latents, seeded by
    /// (seed, step)): before samples, metrics, checkpoints and the export, and again by <c>mmagan-train export</c>.</summary>
    public static void Run(TrainingState state, TrainConfig config) =>
        Run(state.Generator, config.LatentSize, config.BnRecalibration, config.Batch, unchecked((ulong)(config.Seed * 131L + state.Step)), state.Device);

    /// <summary>Runs G in train mode without gradients on <paramref name="batches"/> batches of <paramref name="batchSize"/>
    /// latents drawn from <paramref name="seed"/>, collecting each batch-norm layer's batch mean and divisor from its input
    /// (a forward pre-hook), then sets the running statistics as above; train/eval mode is restored afterwards.</summary>
    public static void Run(nn.Module<Tensor, Tensor> generator, int latentSize, int batches, int batchSize, ulong seed, Device device)
    {
        if (batches <= 0) return;
        var norms = generator.modules().OfType<TorchSharp.Modules.BatchNorm>().ToArray();
        if (norms.Length == 0) return;
        var meanSums = new Tensor?[norms.Length];
        var divisorSums = new Tensor?[norms.Length];
        var hooks = norms.Select((bn, i) => bn.register_forward_pre_hook((_, input) =>
        {
            var dims = Enumerable.Range(0, (int)input.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();   // all but the channel axis
            var h = input.to(float64);
            var mean = h.mean(dims);
            var divisor = (h.var(dims, unbiased: false) + bn.eps).sqrt();
            Accumulate(ref meanSums[i], mean);
            Accumulate(ref divisorSums[i], divisor);
            return input;
        })).ToArray();
        var wasTraining = generator.training;
        generator.train();
        try
        {
            using var rng = new Generator(seed);
            using var _ = no_grad();
            for (var i = 1; i <= batches; i++)
            {
                using var scope = NewDisposeScope();
                generator.call(randn([batchSize, latentSize], generator: rng).to(device));
            }
            for (var i = 0; i < norms.Length; i++)
            {
                var bn = norms[i];
                using var mean = meanSums[i]! / batches;
                using var divisor = divisorSums[i]! / batches;
                bn.running_mean!.copy_(mean);
                bn.running_var!.copy_(divisor.square() - bn.eps);
            }
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
            foreach (var t in meanSums.Concat(divisorSums)) t?.Dispose();
            if (!wasTraining) generator.eval();
        }
    }

    /// <summary>sum += value, keeping the sum outside the batch's dispose scope.</summary>
    static void Accumulate(ref Tensor? sum, Tensor value)
    {
        if (sum is null) sum = value.detach().clone().DetachFromDisposeScope();
        else sum.add_(value);
    }
}
