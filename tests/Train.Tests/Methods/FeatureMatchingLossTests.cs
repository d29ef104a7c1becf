using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class FeatureMatchingLossTests
{
    [Fact]
    public void LossIsTheSquaredDistanceOfTheFeatureMeans()
    {
        using var scope = NewDisposeScope();
        // real features (2 × 3): mean (2, 1, 0.5); fake: mean (0.5, 1, 1.5) → 1.5² + 0 + 1² = 3.25.
        var real = tensor(new float[] { 1, 0, 1, 3, 2, 0 }).reshape(2, 3);
        var fake = tensor(new float[] { 0, 1, 2, 1, 1, 1 }).reshape(2, 3);
        Assert.Equal(3.25, FeatureMatchingLoss.Generator(real, fake).item<float>(), 6);
    }

    [Fact]
    public void TheHiddenFeaturesAreTheInputOfDsHeadsBeforeMinibatchDiscrimination()
    {
        torch.manual_seed(1);
        var spec = new NetworkSpec("toy", 100, 0, 0, Heads: 3, MbdKernels: 4, MbdDim: 2);
        using var d = DiscriminatorFactory.Create(spec);
        using var scope = NewDisposeScope();
        var x = randn(5, 2);
        var children = d.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        var expected = children["relu1"].call(children["fc1"].call(x));
        Assert.True(expected.equal(DiscriminatorStabilisers.HiddenFeatures(d, x)).all().item<bool>());
    }

    [Fact]
    public void WithMmaTheGeneratorLossIsFeatureMatchingPlusTheDiversityTerm()
    {
        torch.manual_seed(4);
        var spec = new NetworkSpec("toy", 100, 0, 0, Heads: 4);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        Tensor F(Tensor x) => DiscriminatorStabilisers.HiddenFeatures(d, x);
        var method = new MmaGanMethod(g, d, optim.Adam(g.parameters(), 2e-4), optim.Adam(d.parameters(), 2e-4), 100, 8, 16, 0.5, 0.9,
            hiddenFeatures: F);
        using var rng = new Generator(1);
        using var scope = NewDisposeScope();
        var real = randn(8, 2);
        var fake = g.call(randn([8, 100], generator: rng));
        double fm;
        using (no_grad()) fm = FeatureMatchingLoss.Generator(F(real), F(fake)).item<float>();
        var (lossG, div, activations) = method.GeneratorStep(fake, rng, real);
        Assert.True(div > 0);
        Assert.Equal(0.5 * activations!.Sum(a => Math.Max(0, 0.9 - a)), div!.Value, 5);
        Assert.Equal(fm + div.Value, lossG, 5);
    }
}
