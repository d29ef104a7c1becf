using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class MmaGanMethodTests
{
    static Tensor[] Snapshot(nn.Module m) => m.parameters().Select(p => p.detach().clone()).ToArray();

    static bool Same(Tensor[] before, nn.Module m) => before.Zip(m.parameters()).All(t => t.First.equal(t.Second).all().item<bool>());

    [Fact]
    public void TheDStepLeavesGUnchangedAndTheGStepLeavesDUnchanged()
    {
        torch.manual_seed(3);
        var spec = new NetworkSpec("toy", 100, 0, 0, Heads: 4);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var optG = optim.Adam(g.parameters(), 1e-2, 0.5, 0.999);
        var optD = optim.Adam(d.parameters(), 1e-2, 0.5, 0.999);
        using var rng = new Generator(7);
        var real = randn([16, 2], generator: rng);
        using var scope = NewDisposeScope();

        var method = new MmaGanMethod(g, d, optG, optD, 100, 16, 16, lambda: 0.5, tau: 0.5);
        var fake = g.call(randn([16, 100], generator: rng));

        var g0 = Snapshot(g);
        var d0 = Snapshot(d);
        method.DiscriminatorStep(real, fake);
        Assert.True(Same(g0, g), "the D step changed G's parameters");
        Assert.False(Same(d0, d), "the D step did not change D");

        var d1 = Snapshot(d);
        method.GeneratorStep(fake, rng);
        Assert.True(Same(d1, d), "the G step changed D's parameters");
        Assert.False(Same(g0, g), "the G step did not change G");
        Assert.All(d.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void StepReportsKActivationsAndTheDiversityTerm()
    {
        torch.manual_seed(4);
        var spec = new NetworkSpec("toy", 100, 0, 0, Heads: 8);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var method = new MmaGanMethod(g, d, optim.Adam(g.parameters(), 2e-4), optim.Adam(d.parameters(), 2e-4), 100, 8, 32, 0.5, 0.9);
        using var rng = new Generator(1);
        using var real = randn([8, 2]);
        var r = method.Step(() => real, rng);
        Assert.Equal(8, r.Activations!.Length);
        var expected = 0.5 * r.Activations.Sum(a => Math.Max(0, 0.9 - a));
        Assert.Equal(expected, r.LossGDiv!.Value, 5);
    }

}
