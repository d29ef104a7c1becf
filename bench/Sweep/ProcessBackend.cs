using System.Text.Json;
using MmaGan.Shared.IO;
using MmaGan.Shared.Runs;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// Runs each run as child processes: <c>bin/mmagan-train</c> (TorchSharp; writes the run folder and generator.onnx), then
/// <c>bin/mmagan-eval</c> (ONNX Runtime; the command lines of <see cref="EvaluatorArguments"/>, their <c>--json</c> last line
/// parsed). What all runs share is made once by <see cref="EvalAssets.Prepare"/>. A run folder whose training finished
/// (train.json + generator.onnx) is only re-evaluated. The trainer's ending is read from its typed <c>--json</c> line
/// (<see cref="TrainResult"/>: steps, diverged), never from its prose. A leftover folder holding trainer checkpoints is an interrupted run:
/// it continues from its newest checkpoint (<c>mmagan-train --resume</c>, which refuses settings that changed since — then
/// the folder is deleted and the run retrained from scratch). Any other leftover folder is deleted and retrained.
/// </summary>
public sealed class ProcessBackend(ExperimentConfig config, ToolLocator tools, string outDir) : IRunBackend
{
    EvalAssets? _assets;

    EvalAssets Assets => _assets ?? throw new InvalidOperationException("Prepare must run before Execute");

    public void Prepare(IReadOnlyList<RunSpec> runs, CancellationToken cancel) =>
        _assets = EvalAssets.Prepare(config, tools, outDir, runs, cancel);

    /// <summary>What train.json records of a finished training: wall-clock seconds (summed over the attempts, see
    /// <see cref="TrainAttempts"/>), the steps trained, and the checkpoint step it resumed from when it continued an interrupted run.</summary>
    sealed record TrainRecord(double Seconds, long? Steps, long? ResumedFrom = null);

    public RunResult Execute(RunSpec run, string runDir, CancellationToken cancel)
    {
        var onnx = Path.Combine(runDir, "generator.onnx");
        var trained = Train(run, runDir, onnx, RunResult.For(run, runDir), cancel);
        if (!trained.Ok) return trained;
        var evaluated = Evaluate(run, runDir, onnx, trained, cancel, Path.Combine(runDir, "eval.csv"));
        return evaluated.Ok && config.Eval.EveryCheckpoint ? ScoreCheckpoints(run, runDir, evaluated, cancel) : evaluated;
    }

    /// <summary>
    /// The run's learning curve (<see cref="CheckpointScores"/>): every kept checkpoint before the last exported
    /// (<c>mmagan-train export --checkpoint STEP</c>, with its parity check) and scored by the same evaluator calls as the
    /// final generator; the last step's row is the run's own result. Steps already in curve.csv are kept, so a cut sweep
    /// continues. A checkpoint that cannot be exported or scored fails the run, naming the step.
    /// </summary>
    RunResult ScoreCheckpoints(RunSpec run, string runDir, RunResult result, CancellationToken cancel)
    {
        var rows = CheckpointScores.Read(runDir);
        var seconds = result.EvalSeconds;
        foreach (var step in CheckpointFiles.Steps(runDir).Where(s => s != result.Steps && !rows.ContainsKey(s)))
        {
            var onnx = Path.Combine(runDir, $".checkpoint-{step}.onnx");
            var export = ChildProcess.Run(tools.Train, ["export", runDir, "--checkpoint", step.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", onnx],
                Path.Combine(runDir, "export-checkpoints.log"), cancel);
            seconds += export.Seconds;
            if (export.ExitCode != 0) return result with { Status = "failed", Error = $"exporting checkpoint {step}: {export.ErrorLine}", EvalSeconds = seconds };
            var scored = Evaluate(run, runDir, onnx, result with { Metrics = new(StringComparer.Ordinal) }, cancel, Path.Combine(runDir, "eval-checkpoints.csv"), "checkpoint-");
            File.Delete(onnx);
            seconds += scored.EvalSeconds;
            if (!scored.Ok) return result with { Status = "failed", Error = $"checkpoint {step}: {scored.Error}", EvalSeconds = seconds };
            rows[step] = Scores(scored.Metrics);
            CheckpointScores.Write(runDir, rows);
        }
        if (result.Steps is { } last) rows[last] = Scores(result.Metrics);
        CheckpointScores.Write(runDir, rows);
        return result with { EvalSeconds = seconds };
    }

    static Dictionary<string, double> Scores(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => !Reports.MetricInfo.IsBookkeeping(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);

    /// <summary>Trains the run unless train.json says it already was. Returns <paramref name="result"/> with the training
    /// seconds and steps, or with status "diverged"/"failed" and the trainer's error line.</summary>
    RunResult Train(RunSpec run, string runDir, string onnx, RunResult result, CancellationToken cancel)
    {
        var recordPath = Path.Combine(runDir, "train.json");
        if (File.Exists(recordPath) && File.Exists(onnx) && JsonSerializer.Deserialize<TrainRecord>(File.ReadAllText(recordPath)) is { } done)
            return result with { TrainSeconds = done.Seconds, Steps = done.Steps, ResumedFrom = done.ResumedFrom };
        var resumeFrom = InterruptedAt(runDir);
        if (resumeFrom is null && Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
        Directory.CreateDirectory(runDir);
        var args = TrainerArguments.For(config, run, runDir, tools.Root);
        if (resumeFrom is { } from) args.Add("--resume");
        var log = Path.Combine(runDir, resumeFrom is { } f ? $"train-resumed-{f}.log" : "train.log");
        var earlier = TrainAttempts.Start(runDir, resumeFrom is { } c ? CheckpointFiles.PathOf(runDir, c) : null);
        var outcome = ChildProcess.Run(tools.Train, args, log, cancel);
        if (outcome.ExitCode == 2 && resumeFrom is not null)
        {
            // The interrupted run was made with other settings (the trainer named them in the log): start it over.
            Directory.Delete(runDir, recursive: true);
            return Train(run, runDir, onnx, result, cancel);
        }
        if (outcome.ExitCode == 2) throw new InputException($"{run.RunId}: the trainer rejected the settings: {outcome.ErrorLine}");
        if (CliRunner.IsInterruption(outcome.ExitCode)) throw new OperationCanceledException();   // Ctrl-C (130) or SIGTERM (143) reached the trainer too
        var trained = TrainResult.TryParse(outcome.LastLine);
        if (outcome.ExitCode != 0 || trained is not { Status: TrainResult.Completed, Generator: not null } || !File.Exists(onnx))
            return result with
            {
                Status = trained?.IsDiverged == true ? "diverged" : "failed", Error = outcome.ErrorLine, Steps = trained?.Steps,
                TrainSeconds = earlier + outcome.Seconds, ResumedFrom = resumeFrom,
            };
        var steps = trained.Steps;
        var seconds = earlier + outcome.Seconds;
        AtomicFile.WriteAllText(recordPath, JsonSerializer.Serialize(new TrainRecord(seconds, steps, resumeFrom)));
        return result with { TrainSeconds = seconds, Steps = steps, ResumedFrom = resumeFrom };
    }

    /// <summary>The step of the newest checkpoint in a leftover run folder (an interrupted training), or null when there is none.</summary>
    public static long? InterruptedAt(string runDir)
    {
        if (!File.Exists(Path.Combine(runDir, "config.json"))) return null;
        return CheckpointFiles.Steps(runDir) is { Count: > 0 } steps ? steps[^1] : null;
    }

    /// <summary>Scores a generator with every metric of the config (<see cref="EvaluatorArguments"/>) into <paramref name="csv"/>, reading each call's JSON through the registry's keys.</summary>
    RunResult Evaluate(RunSpec run, string runDir, string onnx, RunResult result, CancellationToken cancel, string csv, string logPrefix = "")
    {
        var evalSeconds = 0.0;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var call in EvaluatorArguments.For(config.Eval, Assets, run, onnx, csv))
        {
            var outcome = ChildProcess.Run(tools.Eval, call.Args, Path.Combine(runDir, $"eval-{logPrefix}{call.Name}.log"), cancel);
            evalSeconds += outcome.Seconds;
            if (outcome.ExitCode != 0)
                return result with { Status = "failed", Error = $"eval {call.Name}: {outcome.ErrorLine}", EvalSeconds = evalSeconds, Metrics = metrics };
            foreach (var (k, v) in EvaluatorJson.Metrics(outcome.LastLine, call.Metrics)) metrics[k] = v;
        }
        return result with { EvalSeconds = evalSeconds, Metrics = metrics };
    }
}
