using MmaGan.Train.Methods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class MmaGanLossTests
{
    static double V(Tensor t) => t.to_type(ScalarType.Float64).item<double>();

    [Fact]
    public void WithOneHeadAndNoDiversityTheLossesAreTheStandardBceGanLosses()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 2.5f, -1f, 0.3f, 7f }).reshape(4, 1);
        var fake = tensor(new float[] { -3f, 0.1f, 1.2f, -0.4f }).reshape(4, 1);
        var bceD = nn.functional.binary_cross_entropy_with_logits(real, ones_like(real))
                   + nn.functional.binary_cross_entropy_with_logits(fake, zeros_like(fake));
        var bceG = nn.functional.binary_cross_entropy_with_logits(fake, ones_like(fake));
        Assert.Equal(V(bceD), V(MmaGanLoss.Discriminator(real, fake)), 6);
        Assert.Equal(V(bceG), V(MmaGanLoss.GeneratorAdversarial(fake)), 6);
        Assert.Equal(0, V(MmaGanLoss.Diversity(MmaGanLoss.ModeActivations(fake), 0, 0.5)));
    }

    [Fact]
    public void DiscriminatorLossAveragesOverHeads()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 1, 2, -1, 0.5f }).reshape(2, 2);
        var fake = tensor(new float[] { 0, -2, 3, 1 }).reshape(2, 2);
        static double LogSig(double x) => -Math.Log(1 + Math.Exp(-x));
        var expected = -(LogSig(1) + LogSig(2) + LogSig(-1) + LogSig(0.5)) / 4 - (LogSig(-0) + LogSig(2) + LogSig(-3) + LogSig(-1)) / 4;
        Assert.Equal(expected, V(MmaGanLoss.Discriminator(real, fake)), 6);
    }

    [Fact]
    public void DiversityTermEqualsHandComputedHinge()
    {
        using var scope = NewDisposeScope();
        // A = (0.2, 0.6, 0.45): with τ = 0.5, λ = 0.5 → 0.5 · ((0.5 − 0.2) + 0 + (0.5 − 0.45)) = 0.175.
        var a = tensor(new double[] { 0.2, 0.6, 0.45 });
        Assert.Equal(0.175, V(MmaGanLoss.Diversity(a, 0.5, 0.5)), 12);
        // Activations from logits: mean over the batch of σ(ℓ).
        var logits = tensor(new float[] { 0, 2, -2, 0 }).reshape(2, 2);
        var act = MmaGanLoss.ModeActivations(logits).data<float>().ToArray();
        Assert.Equal(0.5 * (0.5 + 1 / (1 + Math.Exp(2))), act[0], 6);
        Assert.Equal(0.5 * (1 / (1 + Math.Exp(-2)) + 0.5), act[1], 6);
    }

    [Fact]
    public void DiversityTermIsZeroWhenEveryActivationReachesTau()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0, V(MmaGanLoss.Diversity(tensor(new double[] { 0.7, 0.5, 0.9 }), 1.0, 0.5)));
    }

    [Fact]
    public void SaturatedLogitsGiveFiniteLossesAndGradients()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { -200f, 300f }).reshape(2, 1).requires_grad_(true);
        var fake = tensor(new float[] { 250f, -400f }).reshape(2, 1).requires_grad_(true);
        var d = MmaGanLoss.Discriminator(real, fake);
        var g = MmaGanLoss.GeneratorAdversarial(fake);
        (d + g).backward();
        Assert.True(double.IsFinite(V(d)) && double.IsFinite(V(g)));
        Assert.True(isfinite(real.grad!).all().item<bool>() && isfinite(fake.grad!).all().item<bool>());
        Assert.Equal(225, V(d), 3); // −log σ(−200)/2 ≈ 100, −log(1 − σ(250))/2 ≈ 125
    }
}
