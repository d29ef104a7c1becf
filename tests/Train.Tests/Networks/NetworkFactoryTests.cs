using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

public class NetworkFactoryTests
{
    [Theory]
    [InlineData(32, 3)]
    [InlineData(32, 1)]
    [InlineData(64, 3)]
    [InlineData(128, 3)]
    [InlineData(256, 3)]
    public void ConvGeneratorAndDiscriminatorHaveTheRightShapes(int size, int channels)
    {
        var spec = new NetworkSpec("conv", 100, size, channels, Heads: 8, BaseWidth: 4);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        using var scope = NewDisposeScope();
        var x = g.call(randn(2, 100));
        Assert.Equal([2L, channels, size, size], x.shape);
        Assert.True(x.abs().max().item<float>() <= 1f);
        Assert.Equal([2L, 8], d.call(x).shape);
        Assert.IsType<TorchSharp.Modules.Linear>(d.children().Last()); // D ends in a fully connected layer with K outputs
    }

    [Fact]
    public void ToyNetworksMatchTheSpec()
    {
        var spec = new NetworkSpec("toy", 100, 0, 0, Heads: 4);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var linears = g.children().OfType<TorchSharp.Modules.Linear>().Select(l => (l.in_features, l.out_features)).ToArray();
        Assert.Equal([(100L, 128L), (128L, 128L), (128L, 2L)], linears);
        var dl = d.children().OfType<TorchSharp.Modules.Linear>().Select(l => (l.in_features, l.out_features)).ToArray();
        Assert.Equal([(2L, 128L), (128L, 4L)], dl);
    }

    [Fact]
    public void TheWganCriticHasNoBatchNorm()
    {
        var spec = new NetworkSpec("conv", 100, 32, 3, Heads: 1, BaseWidth: 4, DiscriminatorBatchNorm: false);
        using var d = DiscriminatorFactory.Create(spec);
        Assert.DoesNotContain(d.modules(), m => m is TorchSharp.Modules.BatchNorm2d);
    }
}
