using MmaGan.Train.Networks;
using MmaGan.Train.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Training;

/// <summary>
/// <see cref="BatchNormRecalibration"/> against a hand computation on PacGAN's toy G: after the refresh the first BN layer's
/// running mean and (unbiased) running variance are the averages over the 50 batches of 100 of Linear₁(z) for the same
/// latents, whatever they were before; the momentum, weights and train/eval mode are left as they were.
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
        var variance = zeros(400, dtype: float64);
        using (var rng = new Generator(77))
        using (no_grad())
            for (var i = 0; i < 50; i++)
            {
                var h = linear.call(randn([100, 2], generator: rng)).to(float64);
                mean += h.mean([0]) / 50;
                variance += h.var([0]) / 50; // unbiased, as BatchNorm's running variance
            }
        Assert.True((bn.running_mean!.to(float64) - mean).abs().max().item<double>() < 1e-5);
        Assert.True(((bn.running_var!.to(float64) - variance).abs() / variance).max().item<double>() < 1e-5);
        Assert.False(g.training, "eval mode was not restored");
        Assert.Equal(0.05, bn.momentum);
        Assert.All(weights.Zip(g.parameters()), t => Assert.True(t.First.equal(t.Second).all().item<bool>()));
    }

    /// <summary>Stale statistics (of another input scale, as a G that has since moved) put eval-mode samples far from what
    /// the frozen G makes with batch statistics; after the refresh only the sampling noise of 50 batches of 100 is left.</summary>
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
        Assert.True(fresh < stale / 10, $"eval-mode output is {fresh:E2} from the batch-statistics output after the refresh ({stale:E2} before)");
    }
}
