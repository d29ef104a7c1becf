using MmaGan.Shared.Runs;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Runs;

public class CheckpointFilesTests
{
    [Fact]
    public void NamesRoundTrip()
    {
        Assert.Equal("step_00000100.ckpt", CheckpointFiles.FileName(100));
        Assert.Equal(Path.Combine("run", "checkpoints", "step_00075000.ckpt"), CheckpointFiles.PathOf("run", 75_000));
        Assert.True(CheckpointFiles.TryParseStep("/x/run/checkpoints/step_00075000.ckpt", out var step));
        Assert.Equal(75_000, step);
        Assert.True(CheckpointFiles.TryParseStep(CheckpointFiles.FileName(400_000_000), out step));
        Assert.Equal(400_000_000, step);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("step_00000100.ckpt.tmp")]
    [InlineData("step_-1.ckpt")]
    [InlineData("step_.ckpt")]
    [InlineData("step_1e3.ckpt")]
    [InlineData("Step_00000100.ckpt")]
    public void OtherFilesAreNotCheckpoints(string name) => Assert.False(CheckpointFiles.TryParseStep(name, out _));

    [Fact]
    public void StepsAreTheCheckpointsPresent_Ascending()
    {
        var run = SharedFixtures.TempDir();
        Assert.Empty(CheckpointFiles.Steps(run));
        Directory.CreateDirectory(CheckpointFiles.Folder(run));
        foreach (var name in new[] { CheckpointFiles.FileName(5000), CheckpointFiles.FileName(75_000), CheckpointFiles.FileName(10_000), "latest", "step_00080000.ckpt.tmp" })
            File.WriteAllText(Path.Combine(CheckpointFiles.Folder(run), name), "");
        Assert.Equal([5000L, 10_000L, 75_000L], CheckpointFiles.Steps(run));
    }
}
