using System.Text.Json;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Training;

public class TrainerStabiliserTests
{
    static TrainConfig Toy(string dir, GanMethod method) => new()
    {
        Method = method, Data = "ring8", Out = dir, Steps = 30, Threads = 1, Batch = 16, DivBatch = 16, K = 4,
        SampleEvery = 1000, MetricsEvery = 10, CheckpointEvery = 10, Export = false,
        SpectralNorm = true, LabelSmoothing = method == GanMethod.WganGp ? null : 0.9,
        MinibatchDiscrimination = method != GanMethod.WganGp, MbdKernels = 8, MbdDim = 3, FeatureMatching = method != GanMethod.WganGp,
    };

    /// <summary>Spectral norm's u, v live in D's buffers, so they are checkpointed: a resumed run is bit-identical.</summary>
    [Theory]
    [InlineData(GanMethod.Mma)]
    [InlineData(GanMethod.WganGp)]
    public void ResumeWithStabilisersReachesTheSameFinalState(GanMethod method)
    {
        var full = Path.Combine(SharedFixtures.TempDir(), "full");
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(full, method)).Run(resume: false).Status);
        var cut = Path.Combine(SharedFixtures.TempDir(), "cut");
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(cut, method) with { Steps = 20 }).Run(resume: false).Status);
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(cut, method)).Run(resume: true).Status);
        Assert.Equal(File.ReadAllText(Path.Combine(full, "losses.csv")), File.ReadAllText(Path.Combine(cut, "losses.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(full, "checkpoints", CheckpointStore.FileName(30))),
            File.ReadAllBytes(Path.Combine(cut, "checkpoints", CheckpointStore.FileName(30))));
    }

    [Fact]
    public void TheStabilisersAreRecordedInConfigJsonUnderTheirDocumentedKeys()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "cfg");
        new Trainer(Toy(dir, GanMethod.Dcgan) with { Steps = 2 }).Run(resume: false);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        var c = doc.RootElement.GetProperty("config");
        Assert.True(c.GetProperty("spectral_norm").GetBoolean());
        Assert.Equal(0.9, c.GetProperty("label_smoothing").GetDouble());
        Assert.True(c.GetProperty("minibatch_discrimination").GetBoolean());
        Assert.Equal(8, c.GetProperty("mbd_kernels").GetInt32());
        Assert.Equal(3, c.GetProperty("mbd_dim").GetInt32());
        Assert.True(c.GetProperty("feature_matching").GetBoolean());
        Assert.Equal("auto", c.GetProperty("net").GetString());
    }
}
