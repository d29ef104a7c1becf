using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

public class SpectralNormTests
{
    [Fact]
    public void SigmaAfterConvergenceEqualsTheLargestSingularValueFromAnSvd()
    {
        torch.manual_seed(11);
        using var conv = nn.Conv2d(3, 6, 4, stride: 2, padding: 1);
        using var sn = new SpectralNorm(conv);
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 8, 8);
        for (var i = 0; i < 200; i++) sn.call(x); // one power iteration per training forward
        var expected = linalg.svdvals(conv.weight!.detach().reshape(6, -1)).max().item<float>();
        Assert.Equal(expected, sn.Sigma().item<float>(), 4);
        // and the normalised layer's weight has spectral norm 1: its output is conv(x, W/σ)
        var y = nn.functional.conv2d(x, conv.weight!.detach() / expected, conv.bias!.detach(), [2, 2], [1, 1]);
        Assert.True(y.allclose(sn.call(x), rtol: 1e-4, atol: 1e-5));
    }

    /// <summary>Reference: torch 1.13 <c>torch.nn.utils.spectral_norm(nn.Linear(4, 3))</c> with W, b, u₀, v₀ set as below,
    /// two training-mode forwards of x (values printed by torch; see the test's comments).</summary>
    [Fact]
    public void OneForwardMatchesTorchSpectralNorm()
    {
        using var lin = nn.Linear(4, 3);
        using (no_grad())
        {
            lin.weight!.copy_(tensor(new float[] { 0.5f, -1f, 0.25f, 2f, 1.5f, 0.3f, -0.7f, 0.1f, -0.2f, 0.8f, 1.1f, -0.6f }).reshape(3, 4));
            lin.bias!.copy_(tensor(new float[] { 0.1f, -0.2f, 0.3f }));
        }
        using var sn = new SpectralNorm(lin);
        using (no_grad())
        {
            sn.get_buffer("weight_u")!.copy_(nn.functional.normalize(tensor(new float[] { 1, 2, -1 }), 2, 0));
            sn.get_buffer("weight_v")!.copy_(nn.functional.normalize(tensor(new float[] { 0.5f, -1, 1, 2 }), 2, 0));
        }
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 0.5f, -0.5f, 2, -1, 0, 0.3f, 0.7f }).reshape(2, 4);
        static void Near(float[] expected, Tensor actual) =>
            Assert.All(expected.Zip(actual.detach().reshape(-1).data<float>().ToArray()), p => Assert.Equal(p.First, p.Second, 5));
        var y = sn.call(x);
        Near([0.6618419289588928f, 0.5765287280082703f, -0.4791449308395386f], sn.get_buffer("weight_u")!);
        Near([0.6988288760185242f, -0.22664719820022583f, -0.42496350407600403f, 0.5288434624671936f], sn.get_buffer("weight_v")!);
        Near([1.7789688110351562f, 0.7532209753990173f, -0.37158751487731934f, 0.5224502086639404f, -0.9105829000473022f, 0.3476610779762268f], y);
        var y2 = sn.call(x);
        Near([0.785656213760376f, 0.40057504177093506f, -0.4714699983596802f], sn.get_buffer("weight_u")!);
        Near([1.6718173027038574f, 0.6923865079879761f, -0.3287268877029419f, 0.4954895079135895f, -0.8652336001396179f, 0.3446193337440491f], y2);
    }

    [Fact]
    public void EvalModeSkipsThePowerIterationAndGradientsReachTheWeight()
    {
        torch.manual_seed(2);
        using var sn = new SpectralNorm(nn.Linear(5, 4));
        using var scope = NewDisposeScope();
        var x = randn(3, 5);
        sn.eval();
        var u0 = sn.get_buffer("weight_u")!.clone();
        sn.call(x);
        Assert.True(u0.equal(sn.get_buffer("weight_u")!).all().item<bool>());
        sn.train();
        sn.call(x).sum().backward();
        sn.call(x).sum().backward(); // a second forward's in-place u update must not break the first graph's backward
        Assert.False(u0.equal(sn.get_buffer("weight_u")!).all().item<bool>());
        Assert.NotNull(((TorchSharp.Modules.Linear)sn.Layer).weight!.grad);
    }
}
