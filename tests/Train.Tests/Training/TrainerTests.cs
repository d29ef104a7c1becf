using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using MmaGan.TestSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Training;

public class TrainerTests
{
    static TrainConfig Toy(string dir, GanMethod method = GanMethod.Mma, long steps = 30) => new()
    {
        Method = method, Data = "ring8", Out = dir, Steps = steps, Threads = 1, Batch = 16, DivBatch = 16, K = 4,
        SampleEvery = 1000, MetricsEvery = 10, CheckpointEvery = 10, Export = false,
    };

    [Fact]
    public void SameSeedAndThreadsGiveIdenticalLossLogs()
    {
        var a = Path.Combine(SharedFixtures.TempDir(), "a");
        var b = Path.Combine(SharedFixtures.TempDir(), "b");
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(a)).Run(resume: false).Status);
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(b)).Run(resume: false).Status);
        var la = File.ReadAllText(Path.Combine(a, "losses.csv"));
        Assert.Equal(la, File.ReadAllText(Path.Combine(b, "losses.csv")));
        Assert.StartsWith("step,epoch,loss_d,loss_g,loss_g_div,a_1,a_2,a_3,a_4\n", la);
        Assert.Equal(31, la.TrimEnd().Split('\n').Length);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "metrics.csv")), File.ReadAllText(Path.Combine(b, "metrics.csv")));
        Assert.StartsWith("step,modes_covered_hq,modes_covered_1pct,hq_fraction,reverse_kl\n", File.ReadAllText(Path.Combine(a, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(a, "config.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(a, "samples"), "*.png"));
    }

    /// <summary>The training-time toy metrics score the evaluator's samples: metrics.csv's last row is what
    /// <c>mmagan-eval toy generator.onnx</c> computes (its default latents through the exported generator in ONNX Runtime).</summary>
    [Fact]
    public void ToyMetricsScoreTheEvaluatorsSamples()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "toy");
        var config = Toy(dir, steps: 20) with { Export = true };
        Assert.Equal(TrainStatus.Completed, new Trainer(config) { GeneratorExportHook = (s, p) => MmaGan.Train.Export.TrainingStateExport.Export(s, p) }
            .Run(resume: false).Status);
        var last = File.ReadAllLines(Path.Combine(dir, "metrics.csv"))[^1].Split(',');
        using var g = Shared.Onnx.OnnxGenerator.Open(Path.Combine(dir, "generator.onnx"), 1);
        var n = Shared.Metrics.EvaluationDefaults.ToySamples;
        var samples = g.Run(Shared.Onnx.StandardNormalLatents.Sample(Shared.Metrics.EvaluationDefaults.LatentSeed, n * g.LatentSize), n);
        var evaluator = Shared.Toy.ToyMetrics.Compute(Shared.Toy.ToyMixture.Get("ring8"), samples);
        Assert.Equal("20", last[0]);
        Assert.Equal((evaluator.ModesCoveredHq, evaluator.ModesCovered1pct), (int.Parse(last[1]), int.Parse(last[2])));
        Assert.Equal(evaluator.HqFraction, double.Parse(last[3], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(evaluator.ReverseKl, double.Parse(last[4], System.Globalization.CultureInfo.InvariantCulture), 9);
    }

    [Theory]
    [InlineData(GanMethod.Mma)]
    [InlineData(GanMethod.WganGp)]
    public void ResumeAfterAKillReachesTheSameFinalState(GanMethod method)
    {
        var full = Path.Combine(SharedFixtures.TempDir(), "full");
        new Trainer(Toy(full, method)).Run(resume: false);

        // "Kill" after step 20's checkpoint: train to 25 (rows 21..25 are written but not checkpointed), then resume.
        var cut = Path.Combine(SharedFixtures.TempDir(), "cut");
        using (var cts = new CancellationTokenSource())
        {
            var observer = new CancelAt(25, cts);
            var config = Toy(cut, method) with { CheckpointEvery = 10 };
            var outcome = new Trainer(config, observer).Run(resume: false, cts.Token);
            Assert.Equal(TrainStatus.Cancelled, outcome.Status);
        }
        // Simulate a hard kill: drop the checkpoint written on cancellation, keep the one of step 20.
        var store = new CheckpointStore(cut);
        File.Delete(Path.Combine(store.Folder, CheckpointStore.FileName(25)));
        Assert.Equal(20, store.Latest());

        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(cut, method)).Run(resume: true).Status);
        Assert.Equal(File.ReadAllText(Path.Combine(full, "losses.csv")), File.ReadAllText(Path.Combine(cut, "losses.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(full, "checkpoints", CheckpointStore.FileName(30))),
            File.ReadAllBytes(Path.Combine(cut, "checkpoints", CheckpointStore.FileName(30))));
    }

    [Fact]
    public void NonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "nan");
        var config = Toy(dir, steps: 10);
        new Trainer(config).Run(resume: false);
        // Poison the generator in the newest checkpoint, then continue: the first step must stop the run.
        var store = new CheckpointStore(dir);
        using (var state = new TrainingState(config, [2], CPU))
        {
            store.Load(state, 10);
            using (no_grad()) state.Generator.parameters().First().fill_(float.NaN);
            store.Save(state);
        }
        var before = File.ReadAllBytes(Path.Combine(store.Folder, CheckpointStore.FileName(10)));
        var outcome = new Trainer(config with { Steps = 20 }).Run(resume: true);
        Assert.Equal(TrainStatus.Diverged, outcome.Status);
        Assert.Contains("non-finite loss at step 11", outcome.Message);
        Assert.Equal(10, store.Latest());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(store.Folder, CheckpointStore.FileName(10))));
    }

    [Fact]
    public void ARunFolderWithCheckpointsIsNotOverwrittenWithoutResume()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "x");
        new Trainer(Toy(dir, steps: 10)).Run(resume: false);
        var e = Assert.Throws<Shared.IO.InputException>(() => new Trainer(Toy(dir, steps: 10)).Run(resume: false));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void ConvNetworksTrainOnAnImageFolderAcrossEpochsAndExport()
    {
        var images = SharedFixtures.TempDir();
        var rnd = new Random(5);
        for (var i = 0; i < 5; i++)
        {
            var px = new byte[40 * 40 * 3];
            rnd.NextBytes(px);
            Shared.Imaging.ImageFile.WritePng(Path.Combine(images, $"{i}.png"), new Shared.Imaging.Image8(40, 40, 3, px));
        }
        var dir = Path.Combine(SharedFixtures.TempDir(), "conv");
        var config = new TrainConfig
        {
            Method = GanMethod.Mma, Data = "images:" + images, Out = dir, Steps = 6, Batch = 2, DivBatch = 3, K = 3, BaseWidth = 8,
            Threads = 1, SampleEvery = 3, CheckpointEvery = 3,
        };
        var outcome = new Trainer(config) { GeneratorExportHook = (s, p) => MmaGan.Train.Export.TrainingStateExport.Export(s, p) }.Run(resume: false);
        Assert.Equal(TrainStatus.Completed, outcome.Status);
        Assert.Equal("2", File.ReadLines(Path.Combine(dir, "losses.csv")).Last().Split(',')[1]); // 2 batches per epoch → step 6 is in epoch 2 (0-based)
        Assert.True(File.Exists(Path.Combine(dir, "samples", "step_00000006.png")));
        Assert.True(File.Exists(Path.Combine(dir, "generator.onnx")));
    }

    /// <summary>Production size on real data (DCGAN-32, base width 64, batch 64, CIFAR-10): real steps, then the export's
    /// ONNX Runtime parity check (≤ 1e-4), with the path the start-up check selects and with the GEMM safe path forced.</summary>
    [SharedTheory]
    [InlineData("auto")]
    [InlineData("gemm")]
    public void ProductionSizeConvRunsTrainAndExportWithParity(string convBackend)
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "cifar");
        var config = new TrainConfig
        {
            Method = GanMethod.Mma, Data = "cifar10:" + SharedFixtures.Path_("data", "cifar10"), Out = dir, Steps = 3, Batch = 64, DivBatch = 64,
            K = 8, BaseWidth = 64, SampleEvery = 1000, CheckpointEvery = 1000, ConvBackend = convBackend,
        };
        var notes = new List<string>();
        var outcome = new Trainer(config, new Notes(notes)) { GeneratorExportHook = (s, p) => MmaGan.Train.Export.TrainingStateExport.Export(s, p) }
            .Run(resume: false);
        Assert.Equal(TrainStatus.Completed, outcome.Status);
        Assert.True(File.Exists(Path.Combine(dir, "generator.onnx")));
        Assert.Contains(notes, n => n.StartsWith("numerics check: "));
        var json = File.ReadAllText(Path.Combine(dir, "config.json"));
        Assert.Contains("\"numerics\"", json);
        if (convBackend == "gemm") Assert.Contains("\"conv_backend\": \"gemm\"", json);
    }

    sealed class Notes(List<string> notes) : ITrainingObserver
    {
        public void Started(long fromStep, long totalSteps, string description) { }
        public void Stepped(long s, MmaGan.Train.Methods.StepResult result) { }
        public void Note(string message) => notes.Add(message);
    }

    sealed class CancelAt(long step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void Started(long fromStep, long totalSteps, string description) { }
        public void Stepped(long s, MmaGan.Train.Methods.StepResult result) { if (s == step) cts.Cancel(); }
        public void Note(string message) { }
    }
}
