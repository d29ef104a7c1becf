using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

public class PacGanNetworkTests
{
    [Fact]
    public void MaxoutTakesTheMaximumOfConsecutivePieces()
    {
        using var maxout = new Maxout(2, units: 2, pieces: 3);
        using (no_grad())
        {
            // Linear outputs for x = (1, 0): the first weight column, [1, 5, 2 | −1, −4, −3] → max per run of 3: (5, −1).
            maxout.Linear.weight!.copy_(tensor(new float[] { 1, 0, 5, 0, 2, 0, -1, 0, -4, 0, -3, 0 }, [6, 2]));
            maxout.Linear.bias!.zero_();
        }
        using var y = maxout.call(tensor(new float[] { 1, 0, 2, 0 }, [2, 2]));
        Assert.Equal([2L, 2], y.shape);
        Assert.Equal([5f, -1, 10, -2], y.data<float>().ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 2)]
    [InlineData(1, 4)]
    public void PacGanToyNetworksMatchThePaper(int heads, int pack)
    {
        var spec = new NetworkSpec("toy-pacgan", 2, 0, 0, Heads: heads, Pack: pack);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        WeightInit.PacGan(g);
        WeightInit.PacGan(d);
        var gl = g.modules().OfType<TorchSharp.Modules.Linear>().Select(l => (l.in_features, l.out_features, l.bias is not null)).ToArray();
        Assert.Equal([(2L, 400L, false), (400L, 400L, false), (400L, 400L, false), (400L, 400L, false), (400L, 2L, true)], gl);
        Assert.Equal(4, g.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Count());
        var maxouts = d.modules().OfType<Maxout>().ToArray();
        Assert.Equal(3, maxouts.Length);
        Assert.Equal([2L * pack, 200, 200], maxouts.Select(m => m.Linear.in_features).ToArray());
        Assert.All(maxouts, m => Assert.Equal(1000, m.Linear.out_features));
        Assert.All(maxouts, m => Assert.Equal(5, m.Pieces));
        var heads_ = (TorchSharp.Modules.Linear)d.children().Last();
        Assert.Equal((200L, (long)heads), (heads_.in_features, heads_.out_features));
        // N(0, 0.02) weights, zero biases.
        var w = maxouts[1].Linear.weight!;
        Assert.InRange(w.std().item<float>(), 0.018, 0.022);
        Assert.Equal(0f, maxouts[1].Linear.bias!.abs().max().item<float>());
        using var scope = NewDisposeScope();
        Assert.Equal([10L * pack / pack, heads], d.call(randn(10, 2 * pack)).shape);
        Assert.Equal([10L, 2], g.call(randn(10, 2)).shape);
    }
}
