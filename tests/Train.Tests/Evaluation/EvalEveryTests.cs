using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using MmaGan.Train.Config;
using MmaGan.Train.Evaluation;
using MmaGan.Train.Training;
using Xunit;

namespace MmaGan.Train.Tests.Evaluation;

/// <summary>
/// Issue 26 item 8: <c>--eval-every N --eval-metrics …</c> scores the exported G with the evaluator's library in process and
/// logs one metrics.csv row per evaluation — at every N-th step and the last, each value what <see cref="Evaluator.Evaluate"/>
/// gives for that step's exported generator — and resume and an interrupted evaluation leave every row exactly once.
/// Tiny conv nets (base width 8) on six 40×40 images, scored by the tiny stand-in Inception of TestSupport.
/// </summary>
public class EvalEveryTests
{
    static string Images()
    {
        var dir = SharedFixtures.TempDir();
        var rnd = new Random(7);
        for (var i = 0; i < 6; i++)
        {
            var px = new byte[40 * 40 * 3];
            rnd.NextBytes(px);
            Shared.Imaging.ImageFile.WritePng(Path.Combine(dir, $"{i}.png"), new Shared.Imaging.Image8(40, 40, 3, px));
        }
        return dir;
    }

    static TrainConfig Config(string images, string dir, string inception, long steps) => new()
    {
        Method = GanMethod.Mma, Data = "images:" + images, Out = dir, Steps = steps, Batch = 2, DivBatch = 2, K = 2, BaseWidth = 8,
        Threads = 1, SampleEvery = 1000, CheckpointEvery = 2, Export = false,
        EvalEvery = 2, EvalMetrics = "fid,is", EvalN = 12, EvalNRef = 6, EvalFeatureModel = inception,
    };

    static Trainer Trainer(TrainConfig config, string cache) => new(config) { EvaluationCache = cache };

    static string[] MetricsRows(string dir) => File.ReadAllLines(Path.Combine(dir, "metrics.csv"));

    [Fact]
    public void RowsAtEveryNthStepAndTheLast_EachWhatTheEvaluatorGivesForThatStepsExportedGenerator()
    {
        var (images, root) = (Images(), SharedFixtures.TempDir());
        var inception = TinyModels.TinyInception(root);
        var dir = Path.Combine(root, "run");
        var config = Config(images, dir, inception, steps: 5);
        Assert.Equal(TrainStatus.Completed, Trainer(config, Path.Combine(root, "cache")).Run(resume: false).Status);

        var rows = MetricsRows(dir);
        Assert.Equal("step,fid,is_mean,is_std", rows[0]);
        Assert.Equal(["2", "4", "5"], rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.False(File.Exists(Path.Combine(dir, TrainingEvaluator.TemporaryFile)));

        // Step 4's checkpoint exported as `mmagan-train export` does, scored as `mmagan-eval run` would: the same numbers, to the bit.
        var g = Path.Combine(root, "g4.onnx");
        MmaGan.Train.Cli.ExportCommand.ExportCheckpoint(dir, 4, g);
        var expected = Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = ["fid", "is"], Generated = g, Reference = "images:" + images, N = 12, NRef = 6,
            FeatureModel = new FeatureModelChoice(Path: inception), Reading = new SourceReading(Threads: 1, ImageSize: 32), UseCache = false,
        });
        var row = rows[2].Split(',');
        Assert.Equal(CsvLog.Format(expected.Number("fid")!.Value), row[1]);
        Assert.Equal(CsvLog.Format(expected.Number("is_mean")!.Value), row[2]);
        Assert.Equal(CsvLog.Format(expected.Number("is_std")!.Value), row[3]);
        Assert.True(expected.Number("fid") > 0);

        // plot draws them, labelled as the registry says
        var written = MmaGan.Train.Plots.RunPlots.Write(dir).Select(Path.GetFileName).ToList();
        Assert.Contains("eval-fid.png", written);
        Assert.Contains("eval-is-mean.png", written);
        Assert.DoesNotContain("eval-is-std.png", written);   // a spread is not drawn alone
    }

    [Fact]
    public void ResumeAppendsWithoutDuplicates_AndAnEvaluationThatWasInterruptedIsScoredOnResume()
    {
        var (images, root) = (Images(), SharedFixtures.TempDir());
        var inception = TinyModels.TinyInception(root);
        var cache = Path.Combine(root, "cache");
        var whole = Path.Combine(root, "whole");
        Assert.Equal(TrainStatus.Completed, Trainer(Config(images, whole, inception, 6), cache).Run(resume: false).Status);
        Assert.Equal(["2", "4", "6"], MetricsRows(whole).Skip(1).Select(r => r.Split(',')[0]));

        // 4 steps, then resumed to 6: the rows of an uninterrupted run, once each.
        var parts = Path.Combine(root, "parts");
        Assert.Equal(TrainStatus.Completed, Trainer(Config(images, parts, inception, 4), cache).Run(resume: false).Status);
        Assert.Equal(TrainStatus.Completed, Trainer(Config(images, parts, inception, 6), cache).Run(resume: true).Status);
        Assert.Equal(MetricsRows(whole), MetricsRows(parts));

        // Step 4's evaluation interrupted (Ctrl-C while scoring: the checkpoint of step 4 is there, its row is not): resume scores it first.
        var cut = Path.Combine(root, "cut");
        Assert.Equal(TrainStatus.Completed, Trainer(Config(images, cut, inception, 4), cache).Run(resume: false).Status);
        var path = Path.Combine(cut, "metrics.csv");
        File.WriteAllLines(path, File.ReadAllLines(path)[..^1]);
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();   // Ctrl-C again during that evaluation: still no row, the run stops cleanly at step 4
            var outcome = Trainer(Config(images, cut, inception, 6), cache).Run(resume: true, cancelled.Token);
            Assert.Equal(TrainStatus.Cancelled, outcome.Status);
            Assert.Equal(4, outcome.Step);
            Assert.Equal(["2"], MetricsRows(cut).Skip(1).Select(r => r.Split(',')[0]));
        }
        Assert.Equal(TrainStatus.Completed, Trainer(Config(images, cut, inception, 6), cache).Run(resume: true).Status);
        Assert.Equal(MetricsRows(whole), MetricsRows(cut));
    }

    /// <summary>TestSupport (compiled into projects without the evaluator) spells the evaluator's metadata key itself.</summary>
    [Fact]
    public void TheTinyInceptionDeclaresItsWidthUnderTheEvaluatorsKey() =>
        Assert.Equal(MmaGan.Eval.Features.InceptionModel.FeatureDimsKey, TinyModels.FeatureDimsKey);

    [Fact]
    public void BadEvaluationSettingsAreOneLineBeforeTraining()
    {
        var (images, root) = (Images(), SharedFixtures.TempDir());
        var inception = TinyModels.TinyInception(root);
        string Refused(TrainConfig c) => Assert.Throws<InputException>(() => new Trainer(c).Run(resume: false)).Message;
        var dir = Path.Combine(root, "run");
        var config = Config(images, dir, inception, 4);
        Assert.Contains("--eval-metrics: unknown metric 'fdi'", Refused(config with { EvalMetrics = "fid,fdi" }));
        Assert.StartsWith("--eval-every scores image generators; the 2-D toys (grid25) log", Refused(config with { Data = "grid25" }));
        Assert.Contains("missing.onnx", Refused(config with { EvalFeatureModel = Path.Combine(root, "missing.onnx") }));
        Assert.Equal("--eval-n must be at least 2, got 1", Refused(config with { EvalN = 1 }));
        Assert.False(Directory.Exists(dir));
    }
}
