using MmaGan.Train.Export;
using MmaGan.Train.Networks;
using MmaGan.TestSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

public class MlpNetworkTests
{
    [Fact]
    public void GoodfellowGeneratorAndMaxoutDiscriminatorHaveThePapersShapes()
    {
        var spec = new NetworkSpec("mlp", 100, 32, 1, Heads: 4);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var linears = g.children().OfType<TorchSharp.Modules.Linear>().Select(l => (l.in_features, l.out_features)).ToArray();
        Assert.Equal([(100L, 1200L), (1200L, 1200L), (1200L, 1024L)], linears);
        var maxouts = d.children().OfType<Maxout>().Select(m => (m.Units, m.Pieces)).ToArray();
        Assert.Equal([(240, 5), (240, 5)], maxouts);
        using var scope = NewDisposeScope();
        var x = g.call(randn(3, 100));
        Assert.Equal([3L, 1, 32, 32], x.shape);
        Assert.True(x.abs().max().item<float>() <= 1f);
        Assert.Equal([3L, 4], d.call(x).shape);
    }

    [Fact]
    public void MaxoutTakesTheMaximumOfAdjacentPieces()
    {
        torch.manual_seed(1);
        using var m = new Maxout(3, 2, 4);
        using var scope = NewDisposeScope();
        var x = randn(5, 3);
        var lin = (TorchSharp.Modules.Linear)m.named_children().Single().module;
        var z = lin.call(x).data<float>().ToArray();
        var h = m.call(x).data<float>().ToArray();
        for (var i = 0; i < 5; i++)
        for (var u = 0; u < 2; u++)
            Assert.Equal(z.Skip(i * 8 + u * 4).Take(4).Max(), h[i * 2 + u]);
    }

    [Fact]
    public void MlpGeneratorExportsLikeTheConvGenerator()
    {
        torch.manual_seed(3);
        using var g = GeneratorFactory.Create(new NetworkSpec("mlp", 16, 32, 3, 1));
        var path = Path.Combine(SharedFixtures.TempDir(), "mlp.onnx");
        var info = new GeneratorExportInfo("dcgan", 1, 0, null, "cifar10", 32, 16, "standard_normal", "[-1,1]", 0, 1, [3, 32, 32]);
        var diff = GeneratorExporter.Export(g, info, path);
        Assert.True(diff <= 1e-4, $"parity {diff}");
        Assert.True(File.Exists(path));
    }
}
