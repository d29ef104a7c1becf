using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

/// <summary>PacGAN's Stacked MNIST networks (its D=0.25G/ and D=0.5G/ code): shapes, widths, heads, packing, initialisation.</summary>
public class StackedMnistNetworkTests
{
    [Theory]
    [InlineData(0.25, 1, 1, new long[] { 2, 4, 8 })]
    [InlineData(0.5, 1, 1, new long[] { 4, 8, 16 })]
    [InlineData(0.25, 16, 2, new long[] { 2, 4, 8 })]
    public void NetworksMatchThePaper(double dSize, int heads, int pack, long[] filters)
    {
        var spec = new NetworkSpec("stacked-mnist", 256, 28, 3, heads, Pack: pack, DSize: dSize);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        WeightInit.PacGanStackedMnist(g);
        WeightInit.PacGanStackedMnist(d);
        using var scope = NewDisposeScope();
        g.eval();
        var images = g.call(randn(5 * pack, 256));
        Assert.Equal([5L * pack, 3, 28, 28], images.shape);
        Assert.InRange(images.abs().max().item<float>(), 0, 1);
        var convT = g.modules().OfType<TorchSharp.Modules.ConvTranspose2d>().Select(c => (c.in_channels, c.out_channels)).ToArray();
        Assert.Equal([(64L, 32L), (32L, 16L), (16L, 8L)], convT);
        Assert.Equal(4, g.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Count());
        var convs = d.modules().OfType<TorchSharp.Modules.Conv2d>().ToArray();
        Assert.Equal(filters, convs.Select(c => c.out_channels));
        Assert.Equal(3L * pack, convs[0].in_channels);
        Assert.All(convs, c => Assert.Equal([3L, 3], c.kernel_size));
        Assert.Equal(3, d.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Count());
        Assert.All(d.modules().OfType<TorchSharp.Modules.LeakyReLU>(), l => Assert.Equal(0.3, l.negative_slope, 6));
        var head = (TorchSharp.Modules.Linear)d.children().Last();
        Assert.Equal((16 * filters[2], (long)heads), (head.in_features, head.out_features));
        d.train();
        Assert.Equal([5L, heads], d.call(randn(5, 3 * pack, 28, 28)).shape);
        // Initialisation: conv weights truncated N(0, 0.02) (|w| ≤ 0.04), transposed-conv and Linear N(0, 0.02), biases 0, BN (1, 0).
        Assert.All(convs, c => Assert.InRange(c.weight!.abs().max().item<float>(), 0, 0.04f));
        // ... and drawn, not one value: no two filters of a layer alike (identical filters stay identical under training)
        Assert.All(convs.Concat(g.modules().OfType<TorchSharp.Modules.Conv2d>()), c =>
        {
            var rows = c.weight!.flatten(1);
            for (var i = 1; i < rows.shape[0]; i++) Assert.False(rows[i].eq(rows[0]).all().item<bool>(), $"filter {i} equals filter 0");
            Assert.InRange(rows.std().item<float>(), 0.01, 0.025);
        });
        var fc = (TorchSharp.Modules.Linear)g.children().First();
        Assert.InRange(fc.weight!.std().item<float>(), 0.019, 0.021);
        Assert.All(g.parameters().Concat(d.parameters()).Where(p => p.dim() == 1 && p.shape[0] != 1),
            p => Assert.True(p.abs().max().item<float>() is 0 or 1));
    }

    /// <summary>TensorFlow's truncated_normal_initializer: N(0, σ²) redrawn beyond 2σ — the truncated normal's moments
    /// (mean 0, std σ·√(1 − 4φ(2)/(2Φ(2) − 1)) = 0.8796σ) on 200,000 draws, every value within ±2σ, seeded draws repeat.</summary>
    [Fact]
    public void TruncatedNormalIsTensorFlowsInitialiser()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        var w = empty(200_000);
        WeightInit.TruncatedNormal(w, 0, 0.02);
        Assert.InRange(w.abs().max().item<float>(), 0.039f, 0.04f);
        Assert.InRange(w.mean().item<float>(), -2e-4, 2e-4);
        Assert.InRange(w.std().item<float>(), 0.8796 * 0.02 * 0.99, 0.8796 * 0.02 * 1.01);
        Assert.InRange((w.abs() > 0.03).to(float32).mean().item<float>(), 0.085, 0.10); // P(1.5σ < |x| ≤ 2σ | |x| ≤ 2σ) = 0.0881/0.9545 = 0.092
        random.manual_seed(7);
        var again = empty(200_000);
        WeightInit.TruncatedNormal(again, 0, 0.02);
        Assert.True(again.eq(w).all().item<bool>());
    }

    [Fact]
    public void TheWganCriticHasNoBatchNorm()
    {
        using var d = DiscriminatorFactory.Create(new NetworkSpec("stacked-mnist", 256, 28, 3, 1, DiscriminatorBatchNorm: false));
        Assert.Empty(d.modules().OfType<TorchSharp.Modules.BatchNorm2d>());
        Assert.Throws<ArgumentException>(() => DiscriminatorFactory.StackedMnistFilters(1.0));
    }
}
