using MmaGan.Bench.Sweep;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

/// <summary>
/// An interrupted run of a sweep continues from its newest checkpoint with the real trainer (bin/mmagan-train, built by
/// <c>make test</c>) and ends where an uninterrupted run ends; a leftover made with other settings is retrained from scratch.
/// </summary>
public sealed class ProcessBackendResumeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("mmagan-bench-resume-").FullName;
    readonly ToolLocator _tools = ToolLocator.Find();
    static readonly RunSpec Run = new("ring8", "dcgan", null, null, null, 3);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static ExperimentConfig Config(params string[] extra) => new()
    {
        Name = "resume", Datasets = ["ring8"], Methods = ["dcgan"], Seeds = [3],
        Train = new TrainSpec { Steps = 300, Batch = 32, Threads = 1, SampleEvery = 300, MetricsEvery = 100, CheckpointEvery = 100, ExtraArgs = extra },
        Eval = new EvalSpec { Metrics = ["toy"], ToySamples = 500 },
    };

    RunResult Execute(ExperimentConfig config, string outDir)
    {
        var backend = new ProcessBackend(config, _tools, outDir);
        backend.Prepare([Run], CancellationToken.None);
        var runDir = SweepRunner.RunDir(outDir, Run);
        return backend.Execute(Run, runDir, CancellationToken.None);
    }

    /// <summary>What a sweep killed after the step-200 checkpoint leaves: the trainer's folder without train.json or the ONNX file.</summary>
    void Interrupted(ExperimentConfig config, string outDir)
    {
        var runDir = SweepRunner.RunDir(outDir, Run);
        var args = TrainerArguments.For(config, Run, runDir, _tools.Root);
        args[args.IndexOf("--steps") + 1] = "200";
        var outcome = ChildProcess.Run(_tools.Train, args, Path.Combine(_dir, "interrupted.log"), CancellationToken.None);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        // The trainer's typed ending (--json), which the sweep reads instead of its prose.
        var ended = Shared.Runs.TrainResult.TryParse(outcome.LastLine);
        Assert.NotNull(ended);
        Assert.Equal((Shared.Runs.TrainResult.Completed, 200L, false), (ended.Status, ended.Steps, ended.IsDiverged));
        Assert.Equal(Path.GetFullPath(Path.Combine(runDir, "generator.onnx")), ended.Generator);
        Assert.EndsWith("step_00000200.ckpt", ended.Checkpoint);
        File.Delete(Path.Combine(runDir, "generator.onnx"));
        Assert.Equal(200, ProcessBackend.InterruptedAt(runDir));
    }

    [Fact]
    public void InterruptedRun_ContinuesFromItsCheckpoint_AndEndsLikeAnUninterruptedRun()
    {
        var config = Config();
        var straight = Execute(config, Path.Combine(_dir, "straight"));
        var resumedOut = Path.Combine(_dir, "resumed");
        Interrupted(config, resumedOut);

        var resumed = Execute(config, resumedOut);

        Assert.True(straight.Ok, straight.Error);
        Assert.True(resumed.Ok, resumed.Error);
        Assert.Null(straight.ResumedFrom);
        Assert.Equal(200, resumed.ResumedFrom);
        Assert.Equal(300, resumed.Steps);
        Assert.True(resumed.TrainSeconds > 0);
        var runDir = SweepRunner.RunDir(resumedOut, Run);
        Assert.True(File.Exists(Path.Combine(runDir, "train-resumed-200.log")));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i.ToString()),
            File.ReadLines(Path.Combine(runDir, "losses.csv")).Skip(1).Select(l => l.Split(',')[0]));
        // Same seed, same batches and latents per step, one thread: the resumed run's generator scores exactly as the straight one's.
        Assert.Equal(straight.Metrics, resumed.Metrics);
    }

    [Fact]
    public void LeftoverWithOtherSettings_IsRetrainedFromScratch()
    {
        var outDir = Path.Combine(_dir, "changed");
        Interrupted(Config("--lr-g", "0.001"), outDir);

        var result = Execute(Config(), outDir);

        Assert.True(result.Ok, result.Error);
        Assert.Null(result.ResumedFrom);
        Assert.Equal(300, result.Steps);
        var runDir = SweepRunner.RunDir(outDir, Run);
        Assert.False(File.Exists(Path.Combine(runDir, "train-resumed-200.log")));
        Assert.DoesNotContain("--lr-g", File.ReadAllText(Path.Combine(runDir, "train.log")).Split('\n')[0]);
    }

    [Fact]
    public void FolderWithoutCheckpoints_IsNotResumable()
    {
        var runDir = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(Path.Combine(runDir, "checkpoints"));
        File.WriteAllText(Path.Combine(runDir, "config.json"), "{}");
        Assert.Null(ProcessBackend.InterruptedAt(runDir));
        File.WriteAllText(Path.Combine(runDir, "checkpoints", "step_00000500.ckpt"), "");
        File.WriteAllText(Path.Combine(runDir, "checkpoints", "step_00001000.ckpt"), "");
        Assert.Equal(1000, ProcessBackend.InterruptedAt(runDir));
    }

    /// <summary>"every_checkpoint": each kept checkpoint is exported and scored like the final generator — the step-200 row is
    /// what a 200-step run scores at its end, the last row is the run's own result — and a cut scoring continues.</summary>
    [Fact]
    public void EveryCheckpoint_ScoresEachKeptCheckpointAsAShorterRunScoresItsEnd_AndContinues()
    {
        var config = Config() with { Train = Config().Train with { KeepCheckpoints = 0 }, Eval = Config().Eval with { EveryCheckpoint = true } };
        var outDir = Path.Combine(_dir, "curve");
        var result = Execute(config, outDir);
        Assert.True(result.Ok, result.Error);
        var runDir = SweepRunner.RunDir(outDir, Run);
        var rows = CheckpointScores.Read(runDir);
        Assert.Equal([100L, 200L, 300L], rows.Keys);
        var scores = result.Metrics.Where(m => !MmaGan.Bench.Reports.MetricInfo.IsBookkeeping(m.Key)).ToDictionary();
        Assert.Equal(scores.OrderBy(m => m.Key), rows[300].OrderBy(m => m.Key));
        Assert.Contains("modes_covered_hq", rows[100].Keys);

        var shorter = Execute(Config() with { Train = Config().Train with { Steps = 200 } }, Path.Combine(_dir, "short"));
        Assert.Equal(shorter.Metrics.Where(m => !MmaGan.Bench.Reports.MetricInfo.IsBookkeeping(m.Key)).OrderBy(m => m.Key), rows[200].OrderBy(m => m.Key));

        // Cut after scoring steps 200 and 300: the next run of the sweep scores only step 100.
        rows.Remove(100);
        CheckpointScores.Write(runDir, rows);
        var again = Execute(config, outDir);
        Assert.True(again.Ok, again.Error);
        Assert.Contains("--checkpoint 100 ", File.ReadLines(Path.Combine(runDir, "export-checkpoints.log")).First());
        Assert.Equal([100L, 200L, 300L], CheckpointScores.Read(runDir).Keys);
    }
}
