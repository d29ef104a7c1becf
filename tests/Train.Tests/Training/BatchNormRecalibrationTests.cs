using MmaGan.Train.Networks;
using MmaGan.Train.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Training;

/// <summary>
/// <see cref="BatchNormRecalibration"/> against a hand computation on PacGAN's toy G: after the refresh the first BN layer's
/// running mean is the average of the batch means of Linear₁(z) over the 50 batches of 100 of the same latents, and its
/// eval-mode divisor √(running_var + ε) the average of the batch divisors √(var_biased + ε) (Blocks' population statistics),
/// whatever they were before; the momentum, weights and train/eval mode are left as they were.
/// </summary>
public class BatchNormRecalibrationTests
{
    [Fact]
    public void RunningStatisticsAreTheAverageOverBatchesOfTheFrozenG()
    {
        torch.manual_seed(2);
        using var g = GeneratorFactory.Create(new NetworkSpec("toy-pacgan", 2, 0, 0, Heads: 1));
        WeightInit.PacGan(g);
        var bn = g.modules().OfType<BatchNorm1d>().First();
        var linear = g.modules().OfType<Linear>().First();
        using (no_grad()) { bn.running_mean!.fill_(5); bn.running_var!.fill_(9); }
        var weights = g.parameters().Select(p => p.detach().clone()).ToArray();
        g.eval();

        BatchNormRecalibration.Run(g, latentSize: 2, batches: 50, batchSize: 100, seed: 77, CPU);

        var mean = zeros(400, dtype: float64);
        var divisor = zeros(400, dtype: float64);
        using (var rng = new Generator(77))
        using (no_grad())
            for (var i = 0; i < 50; i++)
            {
                var h = linear.call(randn([100, 2], generator: rng)).to(float64);
                mean += h.mean([0]) / 50;
                divisor += (h.var([0], unbiased: false) + 1e-4).sqrt() / 50; // what training divides a batch by (BN ε 1e-4)
            }
        Assert.True((bn.running_mean!.to(float64) - mean).abs().max().item<double>() < 1e-5);
        var evalDivisor = (bn.running_var!.to(float64) + bn.eps).sqrt();
        Assert.True(((evalDivisor - divisor).abs() / divisor).max().item<double>() < 1e-6);
        Assert.False(g.training, "eval mode was not restored");
        Assert.Equal(0.05, bn.momentum);
        Assert.All(weights.Zip(g.parameters()), t => Assert.True(t.First.equal(t.Second).all().item<bool>()));
    }

    /// <summary>Refreshed on one batch, eval mode reproduces that batch's train-mode output through all four BN layers — the
    /// point of keeping the biased divisor: PyTorch's unbiased running variance would scale every normalised activation by
    /// √(99/100) and move the samples by far more than rounding.</summary>
    [Fact]
    public void RefreshedOnOneBatch_EvalModeReproducesThatBatchsTrainModeOutput()
    {
        torch.manual_seed(4);
        using var g = GeneratorFactory.Create(new NetworkSpec("toy-pacgan", 2, 0, 0, Heads: 1));
        WeightInit.PacGan(g);
        using var _ = no_grad();
        var z = randn([100, 2], generator: new Generator(9)); // the latents the refresh draws from seed 9
        g.train();
        var trainMode = g.call(z);
        BatchNormRecalibration.Run(g, 2, batches: 1, batchSize: 100, seed: 9, CPU);
        g.eval();
        var gap = (g.call(z) - trainMode).abs().max().item<float>();
        foreach (var bn in g.modules().OfType<BatchNorm1d>()) bn.running_var!.add_(bn.eps).mul_(100.0 / 99).sub_(bn.eps); // PyTorch's unbiased form
        var unbiasedGap = (g.call(z) - trainMode).abs().max().item<float>();
        Assert.True(gap < 1e-5 * trainMode.abs().max().item<float>(), $"eval − train = {gap:E2}");
        Assert.True(unbiasedGap > 100 * gap, $"the unbiased variance moves the output by {unbiasedGap:E2}, ours by {gap:E2}");
    }

    /// <summary>Stale statistics (of another input scale, as a G that has since moved) put eval-mode samples far from what
    /// the frozen G makes with batch statistics; after the refresh only the sampling noise of 50 batches of 100 is left and
    /// the ≈ 0.75% by which a batch of 100's average divisor (what training divides by) sits below a batch of 2,000's.</summary>
    [Fact]
    public void AfterTheRefreshEvalModeMatchesTheFrozenGsBatchStatistics()
    {
        torch.manual_seed(3);
        using var g = GeneratorFactory.Create(new NetworkSpec("toy-pacgan", 2, 0, 0, Heads: 1));
        WeightInit.PacGan(g);
        var z = randn([2000, 2], generator: new Generator(1));
        Tensor trainMode;
        using (no_grad()) { g.train(); trainMode = g.call(z); } // one big batch: close to the population statistics
        using (no_grad()) for (var i = 0; i < 200; i++) g.call(3 * randn([100, 2])); // stale: the statistics of another input scale
        g.eval();
        double Gap() { using var _ = no_grad(); return (g.call(z) - trainMode).abs().mean().item<float>(); }
        var stale = Gap();
        BatchNormRecalibration.Run(g, 2, 50, 100, 5, CPU);
        var fresh = Gap();
        Assert.True(fresh < stale / 5, $"eval-mode output is {fresh:E2} from the batch-statistics output after the refresh ({stale:E2} before)");
    }
}
