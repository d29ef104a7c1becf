using MmaGan.Train.Config;
using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using MmaGan.Train.Training;
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

    /// <summary>A generator in the same state as <paramref name="rng"/>: it draws what <paramref name="rng"/> will draw next.</summary>
    static Generator Twin(Generator rng)
    {
        var twin = new Generator(0);
        using var state = rng.get_state();
        twin.set_state(state);
        return twin;
    }

    static float[] Values(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();

    /// <summary>
    /// The diversity term against a hand computation on the latents z_div that follow z_adv in the step's generator:
    /// A_k = (1/M) Σ_i 1/(1 + e^(−ℓ_ik)) and λ·Σ_k max(0, τ − A_k), in double precision from D's logits on G(z_div).
    /// z_div is a separate draw of M latents: D's activations on the adversarial batch G(z_adv) are not what is reported.
    /// </summary>
    [Fact]
    public void DiversityTermMatchesAHandComputationOnASeparateLatentBatch()
    {
        const int heads = 8, batch = 8, divBatch = 32, latent = 100;
        const double lambda = 0.5, tau = 0.9;
        torch.manual_seed(4);
        var spec = new NetworkSpec("toy", latent, 0, 0, Heads: heads);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        var method = new MmaGanMethod(g, d, optim.Adam(g.parameters(), 2e-4), optim.Adam(d.parameters(), 2e-4), latent, batch, divBatch, lambda, tau);
        using var rng = new Generator(1);
        using var scope = NewDisposeScope();
        var real = randn([batch, 2]);
        var fake = g.call(randn([batch, latent], generator: rng));
        method.DiscriminatorStep(real, fake);

        using var twin = Twin(rng);
        float[] divLogits, advLogits;
        using (no_grad())
        {
            divLogits = Values(d.call(g.call(randn([divBatch, latent], generator: twin))));
            advLogits = Values(d.call(fake));
        }
        static double[] Activations(float[] logits, int rows) =>
            Enumerable.Range(0, heads).Select(k => Enumerable.Range(0, rows).Average(i => 1 / (1 + Math.Exp(-logits[i * heads + k])))).ToArray();
        var a = Activations(divLogits, divBatch);
        var expected = lambda * a.Sum(ak => Math.Max(0, tau - ak));

        var (_, diversity, activations) = method.GeneratorStep(fake, rng);
        Assert.Equal(heads, activations!.Length);
        for (var k = 0; k < heads; k++) Assert.Equal(a[k], activations[k], 1e-6);
        Assert.Equal(expected, diversity!.Value, 1e-6);
        var onAdversarialBatch = Activations(advLogits, batch);
        Assert.True(onAdversarialBatch.Zip(activations).Max(p => Math.Abs(p.First - p.Second)) > 1e-4,
            "the reported activations are D's on the adversarial batch, not on a separate diversity batch");
        // The step drew exactly the M diversity latents after z_adv.
        Assert.True(randn([4], generator: rng).equal(randn([4], generator: twin)).all().item<bool>());
    }

    /// <summary>
    /// DCGAN (as the trainer builds it) draws only B latents per step and reports no diversity term; MMA-GAN at λ = 0
    /// still draws and logs its diversity batch. Checked by what each step leaves in the generator: the next draw
    /// equals a fresh generator's after B (DCGAN) or B + M (MMA-GAN) latents.
    /// </summary>
    [Theory]
    [InlineData(GanMethod.Dcgan)]
    [InlineData(GanMethod.Mma)]
    public void DcganSkipsTheDiversityBatch(GanMethod m)
    {
        var config = new TrainConfig { Method = m, Lambda = 0, Batch = 16, DivBatch = 24, K = 3, Seed = 9 };
        using var state = new TrainingState(config, [2], CPU);
        using var scope = NewDisposeScope();
        var real = randn([16, 2]);
        var r = state.Method.Step(() => real, state.Rng);
        using var reference = new Generator((ulong)config.Seed);
        randn([config.Batch, config.LatentSize], generator: reference);
        if (m == GanMethod.Mma) randn([config.DivBatch, config.LatentSize], generator: reference);
        Assert.True(randn([4], generator: state.Rng).equal(randn([4], generator: reference)).all().item<bool>(), "latents drawn per step");
        if (m == GanMethod.Dcgan)
        {
            Assert.Null(r.LossGDiv);
            Assert.Null(r.Activations);
        }
        else
        {
            Assert.Equal(0, r.LossGDiv!.Value);
            Assert.Equal(3, r.Activations!.Length);
        }
    }
}
