using MmaGan.Shared.IO;
using MmaGan.Train.Config;
using Xunit;

namespace MmaGan.Train.Tests.Config;

public class TrainConfigStabiliserTests
{
    static readonly TrainConfig Cifar = new() { Data = "cifar10:x" };

    public static TheoryData<TrainConfig, string> Nonsense => new()
    {
        { Cifar with { Method = GanMethod.WganGp, FeatureMatching = true }, "--feature-matching" },
        { Cifar with { LabelSmoothing = 1.5 }, "--label-smoothing" },
        { Cifar with { LabelSmoothing = 0.3 }, "--label-smoothing" },
        { Cifar with { Method = GanMethod.WganGp, LabelSmoothing = 0.9 }, "--label-smoothing" },
        { Cifar with { Method = GanMethod.WganGp, MinibatchDiscrimination = true }, "--minibatch-discrimination" },
        { Cifar with { MinibatchDiscrimination = true, MbdKernels = 0 }, "--mbd-kernels" },
        { Cifar with { Net = "resnet" }, "--net" },
        { new TrainConfig { Data = "grid25", Net = "mlp" }, "--net mlp" },
    };

    [Theory]
    [MemberData(nameof(Nonsense))]
    public void NonsensicalCombinationsAreOneLineInputErrorsNamingTheFlag(TrainConfig config, string flag)
    {
        var e = Assert.Throws<InputException>(config.Validate);
        Assert.Contains(flag, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void EveryStabiliserComposesWithDcganAndMma()
    {
        foreach (var m in new[] { GanMethod.Dcgan, GanMethod.Mma })
            (Cifar with { Method = m, SpectralNorm = true, LabelSmoothing = 0.9, MinibatchDiscrimination = true, FeatureMatching = true, Net = "mlp" }).Validate();
        (Cifar with { Method = GanMethod.WganGp, SpectralNorm = true, Net = "mlp" }).Validate();
    }
}
