using MmaGan.Shared.IO;
using MmaGan.Train.Checkpoints;
using Xunit;

namespace MmaGan.Train.Tests.Checkpoints;

public class CheckpointReferenceTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("step_00000100.ckpt", 100)]
    [InlineData("runs/x/checkpoints/step_00005000.ckpt", 5000)]
    public void StepNumbersAndFileNamesBothName_ACheckpoint(string text, long step) => Assert.Equal(step, CheckpointReference.ParseStep(text));

    [Theory]
    [InlineData("latest")]
    [InlineData("step_x.ckpt")]
    [InlineData("-3")]
    public void AnythingElse_IsOneLineNamingTheFlag_WithoutATypeName(string text)
    {
        var e = Assert.Throws<InputException>(() => CheckpointReference.ParseStep(text));
        Assert.StartsWith($"--checkpoint '{text}'", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }
}
