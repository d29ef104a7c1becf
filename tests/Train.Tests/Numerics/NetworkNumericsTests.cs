using MmaGan.Train.Networks;
using MmaGan.Train.Numerics;
using MmaGan.Train.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Numerics;

/// <summary>
/// Production sizes (base width 64, batch 64; small nets hid the Zen 5 fault of docs/cpu-correctness.md): the DCGAN G and
/// D, forward and backward in train mode and G in eval mode, float32 against float64 — with the convolution path a run
/// on this CPU selects, and with the GEMM safe path, which must be right on every CPU.
/// </summary>
public class NetworkNumericsTests
{
    [Theory]
    [InlineData(32, "auto")]
    [InlineData(32, "gemm")]
    [InlineData(64, "gemm")]
    public void DcganNetworksAgreeWithFloat64AtProductionSize(int imageSize, string backend)
    {
        var spec = new NetworkSpec("conv", 100, imageSize, 3, Heads: 8, BaseWidth: 64);
        torch.manual_seed(11);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        WeightInit.Dcgan(g);
        WeightInit.Dcgan(d);
        var before = g.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var check = StartupNumericsCheck.Run(backend, path => NetworkNumerics.Measure(spec, g, d, batch: 64, path));
        Assert.True(check.Worst!.RelativeError <= StartupNumericsCheck.Tolerance, check.Summary);
        if (backend == "gemm") Assert.Equal(ConvBackend.Gemm, check.Backend);
        // The check measures twins: the networks keep their own path until the caller gives them the one found.
        Assert.Equal(ConvBackend.OneDnn, ((ConvRoutedSequential)g).Path);
        foreach (var (key, value) in g.state_dict()) Assert.True(value.equal(before[key]).all().item<bool>(), $"the check changed G's {key}");
    }

    /// <summary>The convolution path is each network's own property, not a process-wide switch: two twins on different
    /// paths compute in turn, each its own way (libtorch's kernel switch follows the network computing).</summary>
    [Fact]
    public void EachNetworkTakesItsOwnPath()
    {
        var spec = new NetworkSpec("conv", 100, 32, 3, Heads: 1, BaseWidth: 8);
        torch.manual_seed(3);
        using var onednn = GeneratorFactory.Create(spec);
        using var gemm = GeneratorFactory.Create(spec);
        gemm.load_state_dict(onednn.state_dict());
        ConvRoutedSequential.SetPath(gemm, ConvBackend.Gemm);
        onednn.eval();
        gemm.eval();
        using var z = randn(4, 100);
        using var _ = no_grad();
        using var a = onednn.call(z);
        if (ConvKernels.OneDnnEnabled is { } on) Assert.True(on);
        using var b = gemm.call(z);
        if (ConvKernels.OneDnnEnabled is { } off) Assert.False(off);
        using var again = onednn.call(z);
        if (ConvKernels.OneDnnEnabled is { } onAgain) Assert.True(onAgain);
        Assert.True(PrecisionProbe.RelativeError(b, a) < 1e-5);
        Assert.True(again.equal(a).all().item<bool>());
        Assert.Equal([ConvBackend.OneDnn, ConvBackend.Gemm], new[] { onednn, gemm }.Select(ConvRoutedSequential.PathOf));
    }

    [Fact]
    public void EveryDirectionOfEveryNetworkIsCompared()
    {
        var spec = new NetworkSpec("conv", 100, 32, 3, Heads: 1, BaseWidth: 8);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var results = NetworkNumerics.Measure(spec, g, d, batch: 4);
        foreach (var net in new[] { "G", "D" })
            foreach (var dir in Enum.GetValues<Direction>())
                Assert.Contains(results, r => r.Network == net && r.Direction == dir);
        // every layer with parameters, by name: G's transposed convs and BatchNorms, D's convs, BatchNorms and heads
        foreach (var layer in new[] { "convt0", "bn0", "convt1", "bn1", "convt2", "bn2", "convt3" })
            Assert.Contains(results, r => r.Network == "G" && r.Layer == layer);
        foreach (var layer in new[] { "conv0", "conv1", "bn1", "conv2", "bn2", "heads" })
            Assert.Contains(results, r => r.Network == "D" && r.Layer == layer);
        Assert.Contains(results, r => r.Network == "G(eval)" && r.Layer == "convt3" && r.Direction == Direction.Forward);
    }

    [Fact]
    public void NonFiniteFloat32IsInfinitelyWrong()
    {
        var a = tensor(new[] { 1f, float.NaN });
        Assert.Equal(double.PositiveInfinity, PrecisionProbe.RelativeError(a, tensor(new[] { 1.0, 2.0 })));
        Assert.Equal(0.25, PrecisionProbe.RelativeError(tensor(new[] { 1f, 1.5f }), tensor(new[] { 1.0, 2.0 })), 12);
    }
}
