using MmaGan.Train.Config;
using MmaGan.Train.Training;
using Xunit;

namespace MmaGan.Train.Tests.Training;

public class ResumeCheckTests
{
    [Fact]
    public void NamesEverySettingThatDiffersWithBothValues()
    {
        var saved = new TrainConfig { K = 4, Lambda = 0.5, Steps = 100, Threads = 1 };
        var now = saved with { K = 8, Tau = 0.7, Steps = 200, Threads = 2, ConvBackend = "gemm", Out = "elsewhere" };
        var d = ResumeCheck.Differences(saved, now);
        Assert.Contains("k (4 → 8)", d);
        Assert.Contains("tau (0.5 → 0.7)", d);
        Assert.Contains(d, x => x.StartsWith("heads ")); // derived from K, shown too
        Assert.DoesNotContain(d, x => x.StartsWith("steps") || x.StartsWith("threads") || x.StartsWith("conv_backend") || x.StartsWith("out "));
        Assert.Empty(ResumeCheck.Differences(saved, saved with { Steps = 500, Epochs = 3, Device = "cpu", Export = false }));
    }

    /// <summary>The batch-norm refresh before evaluations changes no training arithmetic; the update rule and the schedule do.</summary>
    [Fact]
    public void BnRecalibrationMayChangeButTheUpdateRuleAndScheduleMayNot()
    {
        var saved = new TrainConfig { Data = "grid25", ToyNet = "pacgan", Update = "simultaneous", BnRecalibration = 0 };
        Assert.Empty(ResumeCheck.Differences(saved, saved with { BnRecalibration = 50 }));
        var d = ResumeCheck.Differences(saved, saved with { Update = "alternating", LrDecay = "linear" });
        Assert.Equal(["update (\"simultaneous\" → \"alternating\")", "lr_decay (\"none\" → \"linear\")"], d);
    }
}
