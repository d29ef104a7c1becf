using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class PackingTests
{
    [Fact]
    public void PackGroupsSlotMajorSamplesSideBySide()
    {
        // 3 packs of m = 2 samples: rows 0..2 are slot 1, rows 3..5 slot 2; pack i = (x[i], x[3 + i]).
        using var x = arange(12, dtype: ScalarType.Float32).reshape(6, 2);
        using var packed = Packing.Pack(x, 2);
        Assert.Equal([3L, 4], packed.shape);
        Assert.Equal([0f, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11], packed.data<float>().ToArray());
    }

    [Fact]
    public void PackOfOneIsTheIdentity_AndImagesConcatenateChannels()
    {
        using var x = randn(4, 2);
        Assert.Same(x, Packing.Pack(x, 1));
        using var images = randn(6, 3, 4, 4);
        using var packed = Packing.Pack(images, 3);
        Assert.Equal([2L, 9, 4, 4], packed.shape);
        Assert.True(packed[1, TensorIndex.Slice(3, 6)].eq(images[3]).all().item<bool>()); // pack i = 1, slot s = 1 (0-based) is row s·B + i = 3
        Assert.Throws<ArgumentException>(() => Packing.Pack(randn(5, 2), 2));
    }

    [Fact]
    public void GenerateCallsGOncePerSlot_SoBatchNormSeesEachSlotAlone()
    {
        torch.manual_seed(3);
        using var g = nn.Sequential(("fc", nn.Linear(2, 3)), ("bn", nn.BatchNorm1d(3)));
        using var z = randn(8, 2);
        using var packedCall = Packing.Generate(g, z, 2);
        using var first = g.call(z[TensorIndex.Slice(0, 4)]);
        using var second = g.call(z[TensorIndex.Slice(4, 8)]);
        Assert.True(packedCall.allclose(cat([first, second], 0)));
        Assert.False(packedCall.allclose(g.call(z))); // one call of 8 would normalise over all 8
    }

    [Fact]
    public void PackedMmaGanStep_FeedsDPacksOfMSamples_AndDiversityPacksToo()
    {
        torch.manual_seed(1);
        var spec = new NetworkSpec("toy-pacgan", 2, 0, 0, Heads: 4, Pack: 3);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var seen = new List<long[]>();
        var hook = d.register_forward_pre_hook((_, x) => { seen.Add(x.shape); return x; });
        var method = new MmaGanMethod(g, d, optim.Adam(g.parameters(), 1e-4), optim.Adam(d.parameters(), 1e-4), 2, batch: 5, divBatch: 7,
            lambda: 0.5, tau: 0.5, pack: 3);
        using var rng = new Generator(1);
        long realRows = 0;
        var result = method.Step(() => { var r = randn(15, 2); realRows = r.shape[0]; return r; }, rng);
        Assert.Equal(15, realRows); // B · m real samples
        Assert.Equal(4, result.Activations!.Length);
        // D: real, fake (D step), fake (G step), diversity batch: all packed to 6 = 2m features; M = 7 diversity packs.
        Assert.Equal([[5L, 6], [5L, 6], [5L, 6], [7L, 6]], seen);
    }
}
