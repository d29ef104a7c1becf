using MmaGan.Shared.Toy;
using MmaGan.TestSupport;
using MmaGan.Train.Config;
using MmaGan.Train.Export;
using MmaGan.Train.Training;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace MmaGan.Train.Tests.Training;

/// <summary>PacGAN's toy protocol end to end at a few steps: its networks, a fixed training set, packing with every method,
/// the ONNX export (BatchNorm in eval mode, checked against TorchSharp) and the packing recorded in config.json and the metadata.
/// (Bit-identical reruns are not asserted here: network initialisation uses torch's global RNG, which tests in parallel classes share.)</summary>
public class PacGanProtocolTests
{
    static TrainConfig Protocol(string dir, GanMethod method, int pack) => new()
    {
        Method = method, Data = "ring8-pacgan", Out = dir, Steps = 6, Threads = 1, Batch = 20, DivBatch = 10, K = 4, LatentSize = 2,
        ToyNet = "pacgan", TrainSet = 500, Pack = pack, LrG = 1e-4, LrD = 1e-4, Beta1 = 0.8, CriticSteps = 2,
        SampleEvery = 1000, MetricsEvery = 3, CheckpointEvery = 3,
    };

    [Theory]
    [InlineData(GanMethod.Dcgan, 2)]
    [InlineData(GanMethod.Mma, 2)]
    [InlineData(GanMethod.WganGp, 3)]
    public void PackedRunsTrainExportAndRecordThePacking(GanMethod method, int pack)
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var trainer = new Trainer(Protocol(dir, method, pack)) { GeneratorExportHook = (s, p) => TrainingStateExport.Export(s, p) };
        var outcome = trainer.Run(resume: false);
        Assert.Equal(TrainStatus.Completed, outcome.Status);
        Assert.Equal(pack, RunConfigFile.Read(dir).Pack);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        using var session = new InferenceSession(Path.Combine(dir, "generator.onnx"));
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(pack.ToString(), meta["pack"]);
        Assert.Equal("pacgan", meta["toy_net"]);
        Assert.Equal("ring8-pacgan", meta["dataset"]);
        Assert.Equal("2", meta["latent_size"]);
    }

    [Fact]
    public void ResumeWithADifferentPackIsRefused()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        new Trainer(Protocol(dir, GanMethod.Dcgan, 2) with { Export = false }).Run(resume: false);
        var e = Assert.Throws<MmaGan.Shared.IO.InputException>(() => new Trainer(Protocol(dir, GanMethod.Dcgan, 3) with { Export = false, Steps = 9 }).Run(resume: true));
        Assert.Contains("differ", e.Message);
        Assert.True(ToyMixture.IsToy("ring8-pacgan"));
    }

    /// <summary>Every checkpoint of a run with the batch-norm refresh holds refreshed statistics: refreshing the saved G again
    /// with the same (seed, step) changes nothing, also for a run stopped between checkpoints.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CheckpointsHoldRefreshedBatchNormStatistics(bool stopEarly)
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var config = Protocol(dir, GanMethod.Dcgan, 1) with { Export = false, Update = "simultaneous", BnRecalibration = 5, CheckpointEvery = 4, MetricsEvery = 4 };
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(config, new CancelAfter(stopEarly ? 5 : int.MaxValue, cancel));
        var outcome = trainer.Run(resume: false, cancel.Token);
        Assert.Equal(stopEarly ? TrainStatus.Cancelled : TrainStatus.Completed, outcome.Status);
        var store = new MmaGan.Train.Checkpoints.CheckpointStore(dir);
        using var state = new TrainingState(config, [2], TorchSharp.torch.CPU);
        var step = store.Latest()!.Value;
        Assert.Equal(stopEarly ? 5 : 6, step);
        store.Load(state, step);
        var norms = state.Generator.modules().OfType<TorchSharp.Modules.BatchNorm1d>().ToArray();
        var saved = norms.Select(bn => bn.running_var!.clone()).ToArray();
        BatchNormRecalibration.Run(state.Generator, config.LatentSize, config.BnRecalibration, config.Batch, unchecked((ulong)(config.Seed * 131L + step)), TorchSharp.torch.CPU);
        Assert.All(saved.Zip(norms), t => Assert.True(t.First.allclose(t.Second.running_var!, rtol: 1e-6, atol: 1e-9)));
    }

    sealed class CancelAfter(int steps, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void Started(long step, long total, string dataset) { }
        public void Stepped(long step, MmaGan.Train.Methods.StepResult result) { if (step >= steps) cancel.Cancel(); }
        public void Note(string message) { }
    }
}
