using MmaGan.Shared.IO;
using MmaGan.Train.Numerics;
using MmaGan.Train.Runtime;
using Xunit;

namespace MmaGan.Train.Tests.Numerics;

/// <summary>The fallback ladder, driven by a fake measurement that declares chosen backends wrong (no real CPU of ours
/// computes wrongly, so the switch is tested here and the real comparison in <see cref="NetworkNumericsTests"/>).</summary>
public class StartupNumericsCheckTests
{
    static Func<ConvBackend, IReadOnlyList<LayerDiscrepancy>> Fake(params ConvBackend[] wrong) => path =>
    [
        new("G", "convt1", "ConvTranspose2d", [64, 256, 4, 4], true, Direction.Forward,
            wrong.Contains(path) ? 0.0875 : 2e-7),
        new("D", "conv1", "Conv2d", [64, 64, 16, 16], false, Direction.BackwardData,
            wrong.Contains(path) ? double.PositiveInfinity : 3e-7),
    ];

    [Fact]
    public void AutoKeepsOneDnnWhenItAgrees()
    {
        var check = StartupNumericsCheck.Run("auto", Fake());
        Assert.Equal(ConvBackend.OneDnn, check.Backend);
        Assert.Null(check.Replaced);
        Assert.Contains("float32 agrees with float64 using oneDNN convolutions", check.Summary);
    }

    [Fact]
    public void AutoSwitchesToGemmWhenOneDnnIsWrongAndSaysSoInOneLine()
    {
        var check = StartupNumericsCheck.Run("auto", Fake(ConvBackend.OneDnn));
        Assert.Equal(ConvBackend.Gemm, check.Backend);
        Assert.Equal(ConvBackend.OneDnn, check.Replaced);
        Assert.DoesNotContain('\n', check.Summary);
        Assert.Contains("oneDNN convolutions compute wrong values on this CPU (D conv1 backward-data relative error", check.Summary);
        Assert.Contains("switched to GEMM (im2col + BLAS) convolutions", check.Summary);
    }

    [Fact]
    public void AutoRefusesWhenNoPathAgrees()
    {
        var e = Assert.Throws<InputException>(() => StartupNumericsCheck.Run("auto", Fake(ConvBackend.OneDnn, ConvBackend.Gemm, ConvBackend.Aten)));
        Assert.Contains("refusing to train on wrong numbers", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AForcedBackendThatIsWrongIsRefusedNotReplaced()
    {
        var e = Assert.Throws<InputException>(() => StartupNumericsCheck.Run("onednn", Fake(ConvBackend.OneDnn)));
        Assert.StartsWith("--conv-backend onednn: float32 results disagree with float64 on this CPU", e.Message);
        Assert.Contains("use --conv-backend auto", e.Message);
        Assert.Throws<InputException>(() => StartupNumericsCheck.Run("fast", Fake()));
    }
}
