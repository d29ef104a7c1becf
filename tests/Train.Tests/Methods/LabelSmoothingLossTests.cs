using MmaGan.Train.Methods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class LabelSmoothingLossTests
{
    static double V(Tensor t) => t.to_type(ScalarType.Float64).item<double>();
    static double Sig(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void RealTargetsAreAOnEveryHeadAndFakesStayZero()
    {
        using var scope = NewDisposeScope();
        // B = 2 samples, K = 2 heads, a = 0.9.
        var real = tensor(new float[] { 1, 2, -1, 0.5f }).reshape(2, 2);
        var fake = tensor(new float[] { 0, -2, 3, 1 }).reshape(2, 2);
        const double a = 0.9;
        double realTerm = 0, fakeTerm = 0;
        foreach (var l in new[] { 1, 2, -1, 0.5 }) realTerm += a * Math.Log(Sig(l)) + (1 - a) * Math.Log(1 - Sig(l));
        foreach (var l in new[] { 0.0, -2, 3, 1 }) fakeTerm += Math.Log(1 - Sig(l));
        var expected = -realTerm / 4 - fakeTerm / 4;
        Assert.Equal(expected, V(LabelSmoothingLoss.Discriminator(real, fake, a)), 6);
        // a = 1 is the unsmoothed loss
        Assert.Equal(V(MmaGanLoss.Discriminator(real, fake)), V(LabelSmoothingLoss.Discriminator(real, fake, 1.0)), 6);
    }

    [Fact]
    public void TheSmoothedLossIsMinimalWhereDOutputsAOnReals()
    {
        using var scope = NewDisposeScope();
        // d/dℓ of −[a log σ(ℓ) + (1 − a) log(1 − σ(ℓ))] = σ(ℓ) − a: zero at σ(ℓ) = a.
        var logit = tensor(new[] { Math.Log(0.9 / 0.1) }).requires_grad_(true);
        LabelSmoothingLoss.Discriminator(logit.reshape(1, 1), full(1, 1, -50.0, ScalarType.Float64), 0.9).backward();
        Assert.Equal(0, logit.grad!.item<double>(), 10);
    }
}
