using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

/// <summary>
/// <c>--update simultaneous</c> (PacGAN's and ALI's algorithm): both gradients are taken at the same (D, G) on one batch,
/// then both optimizers step. Checked against a hand computation with SGD (θ' = θ − η∇) on PacGAN's toy networks:
/// G's step uses D's weights from before D's step (the alternating loop would use the updated D).
/// </summary>
public class SimultaneousUpdateTests
{
    const int Batch = 16, Latent = 2;
    const double Lr = 0.05;

    static Tensor[] Snapshot(nn.Module m) => m.parameters().Select(p => p.detach().clone()).ToArray();

    static void Restore(nn.Module m, Tensor[] values)
    {
        using var _ = no_grad();
        foreach (var (p, v) in m.parameters().Zip(values)) p.copy_(v);
    }

    static double MaxDifference(IEnumerable<Tensor> a, IEnumerable<Tensor> b) =>
        a.Zip(b).Max(t => (t.First - t.Second).abs().max().item<float>());

    static (Tensor[] G, Tensor[] D) HandStep(nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> d, Tensor real, Tensor z)
    {
        var fake = g.call(z);
        var gGrads = autograd.grad([MmaGanLoss.GeneratorAdversarial(d.call(fake))], g.parameters().ToArray());
        var dGrads = autograd.grad([MmaGanLoss.Discriminator(d.call(real), d.call(fake.detach()))], d.parameters().ToArray());
        return (g.parameters().Zip(gGrads).Select(t => (t.First - Lr * t.Second).detach()).ToArray(),
                d.parameters().Zip(dGrads).Select(t => (t.First - Lr * t.Second).detach()).ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BothNetworksStepFromTheSameWeights(bool simultaneous)
    {
        torch.manual_seed(11);
        var spec = new NetworkSpec("toy-pacgan", Latent, 0, 0, Heads: 1);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        WeightInit.PacGan(g);
        WeightInit.PacGan(d);
        using var scope = NewDisposeScope();
        var real = randn([Batch, 2]) * 2;
        var (g0, d0) = (Snapshot(g), Snapshot(d));

        var method = new MmaGanMethod(g, d, optim.SGD(g.parameters(), Lr), optim.SGD(d.parameters(), Lr), Latent, Batch, Batch,
            lambda: 0, tau: 0.5, diversityBatch: false, simultaneous: simultaneous);
        using (var rng = new Generator(5)) method.Step(() => real, rng);
        var (g1, d1) = (Snapshot(g), Snapshot(d));

        Restore(g, g0);
        Restore(d, d0);
        Tensor z;
        using (var rng = new Generator(5)) z = randn([Batch, Latent], generator: rng);
        var (gExpected, dExpected) = HandStep(g, d, real, z);

        Assert.True(MaxDifference(d1, dExpected) < 1e-6, "D's step is SGD on L_D at the starting weights either way");
        var gDifference = MaxDifference(g1, gExpected);
        if (simultaneous) Assert.True(gDifference < 1e-6, $"G's step was not taken at D's starting weights ({gDifference:E2})");
        else Assert.True(gDifference > 1e-6, "alternating: G's step should see the updated D");
    }
}
