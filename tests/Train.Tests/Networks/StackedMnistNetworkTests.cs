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
        var fc = (TorchSharp.Modules.Linear)g.children().First();
        Assert.InRange(fc.weight!.std().item<float>(), 0.019, 0.021);
        Assert.All(g.parameters().Concat(d.parameters()).Where(p => p.dim() == 1 && p.shape[0] != 1),
            p => Assert.True(p.abs().max().item<float>() is 0 or 1));
    }

    [Fact]
    public void TheWganCriticHasNoBatchNorm()
    {
        using var d = DiscriminatorFactory.Create(new NetworkSpec("stacked-mnist", 256, 28, 3, 1, DiscriminatorBatchNorm: false));
        Assert.Empty(d.modules().OfType<TorchSharp.Modules.BatchNorm2d>());
        Assert.Throws<ArgumentException>(() => DiscriminatorFactory.StackedMnistFilters(1.0));
    }
}
