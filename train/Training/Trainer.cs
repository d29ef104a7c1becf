using System.Diagnostics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Toy;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Data;
using MmaGan.Train.Methods;
using MmaGan.Train.Numerics;
using MmaGan.Train.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// The training loop: runs the method's steps, logs losses, writes sample sheets, toy metrics and checkpoints at their
/// intervals, stops cleanly on cancellation (checkpoint, then return) and on a non-finite loss (keeps the last good
/// checkpoint), and exports the generator at the end through <see cref="GeneratorExportHook"/>.
/// </summary>
public sealed class Trainer(TrainConfig config, ITrainingObserver? observer = null)
{
    readonly ITrainingObserver _observer = observer ?? SilentObserver.Instance;

    /// <summary>Called with the final state and the output path <c>RUN/generator.onnx</c>; null skips the export.</summary>
    public Action<TrainingState, string>? GeneratorExportHook { get; init; }

    /// <summary>The evaluator's feature cache folder of <c>--eval-every</c> (null: its default, $XDG_CACHE_HOME/mmagan).</summary>
    public string? EvaluationCache { get; init; }

    /// <summary>How <c>--eval-every</c>'s evaluations show their progress (null: not at all).</summary>
    public Eval.Evaluation.ProgressReporter? EvaluationProgress { get; init; }

    /// <summary>Trains from scratch, or from the newest checkpoint with <paramref name="resume"/>; see the class comment.</summary>
    public TrainOutcome Run(bool resume, CancellationToken cancel = default)
    {
        config.Validate();
        var clock = Stopwatch.StartNew();
        var device = PrepareProcess();
        var runDir = config.Out;
        using var data = DataSpec.Open(config.Data, config.ImageSize, config.Seed, config.TrainSet); // bad data fails before anything is written
        var evaluator = config.EvalEvery > 0 ? new Evaluation.TrainingEvaluator(config, EvaluationCache, EvaluationProgress) : null;
        evaluator?.Validate(runDir);   // a missing Inception or reference fails now, not at the first evaluation
        Directory.CreateDirectory(runDir);
        var store = new CheckpointStore(runDir);
        using var state = new TrainingState(config, data.SampleShape, device);
        var resumedFrom = StartOrResume(store, state, resume);
        var numerics = CheckNumerics(state);

        var batchesPerEpoch = Math.Max(1, data.EpochSize / config.Batch);
        var perStep = state.Method.RealBatchesPerStep;
        var totalSteps = config.Steps ?? (long)Math.Ceiling(config.Epochs * batchesPerEpoch / perStep);
        RunConfigFile.Write(runDir, config, data.Description, data.SampleShape, totalSteps, numerics);
        var toy = ToyMixture.IsToy(config.Data) ? ToyMixture.Get(config.Data) : null;
        using var logs = RunLogs.Open(runDir, config, toy is not null, resumedFrom, evaluator?.Columns);
        using var fixedZ = FixedLatents(64, device);
        Directory.CreateDirectory(Path.Combine(runDir, "samples"));
        _observer.Started(state.Step, totalSteps, data.Description);

        long batchIndex = state.Step * perStep;
        Tensor NextReal() => data.Batch(batchIndex++, config.Batch * config.Pack).to(device); // B packs of m samples

        var lastCheckpoint = resumedFrom ?? -1;
        TrainOutcome Cancelled()
        {
            if (lastCheckpoint != state.Step) { RefreshBatchNorm(state); store.Save(state, config.KeepCheckpoints); }
            logs.Flush();
            return new TrainOutcome(TrainStatus.Cancelled, state.Step, $"stopped at step {state.Step}; checkpoint written, continue with --resume", clock.Elapsed.TotalSeconds);
        }
        // An evaluation is scored after its step's checkpoint; one that Ctrl-C (or a kill) interrupted is scored on resume,
        // from the checkpoint of that step, so metrics.csv gets every row once, as an uninterrupted run writes it.
        if (evaluator is not null && resumedFrom is { } from && evaluator.IsDue(from, totalSteps) && logs.LastMetricsStep < from)
        {
            RefreshBatchNorm(state);
            if (!Evaluate(state, evaluator, logs, cancel)) return Cancelled();
        }
        while (state.Step < totalSteps)
        {
            if (cancel.IsCancellationRequested) return Cancelled();
            var epoch = batchIndex / batchesPerEpoch;
            LearningRateSchedule.Apply(state.OptimizerG, config.LrDecay, config.LrG, state.Step, totalSteps);
            LearningRateSchedule.Apply(state.OptimizerD, config.LrDecay, config.LrD, state.Step, totalSteps);
            var result = state.Method.Step(NextReal, state.Rng);
            if (!result.IsFinite)
            {
                logs.Flush();
                var keep = lastCheckpoint >= 0 ? $"the last good checkpoint is step {lastCheckpoint}" : "no checkpoint was written";
                return new TrainOutcome(TrainStatus.Diverged, state.Step + 1,
                    $"non-finite loss at step {state.Step + 1} (loss_d={result.LossD}, loss_g={result.LossG}); {keep}", clock.Elapsed.TotalSeconds);
            }
            state.Step++;
            logs.AppendLosses(state.Step, epoch, result);
            _observer.Stepped(state.Step, result);
            var evaluate = evaluator?.IsDue(state.Step, totalSteps) == true;
            if (AfterStep(state, store, logs, fixedZ, toy, data.SampleShape, last: state.Step == totalSteps, evaluate)) lastCheckpoint = state.Step;
            if (evaluate && !Evaluate(state, evaluator!, logs, cancel)) return Cancelled();
        }
        logs.Flush();
        Finish(state, runDir);
        return new TrainOutcome(TrainStatus.Completed, state.Step, $"trained {state.Step} steps", clock.Elapsed.TotalSeconds);
    }

    /// <summary>Process-wide settings before the first tensor: denormal flush, intra-op threads, the device.</summary>
    Device PrepareProcess()
    {
        DenormalFlush.Enable();
        torch.set_num_threads(config.EffectiveThreads(ToyMixture.IsToy(config.Data)));
        return DeviceSelector.Resolve(config.Device);
    }

    /// <summary>Loads the newest checkpoint when resuming (refusing settings that differ, naming them), refuses a folder
    /// that already holds checkpoints otherwise. Returns the step resumed from, or null.</summary>
    long? StartOrResume(CheckpointStore store, TrainingState state, bool resume)
    {
        var latest = store.Latest();
        if (latest is null) return null;
        if (!resume) throw InputException.ForFile(config.Out, "holds checkpoints already: pass --resume to continue it, or choose another --out");
        var differences = ResumeCheck.Differences(RunConfigFile.Read(config.Out), config);
        if (differences.Count > 0)
            throw InputException.ForFile(Path.Combine(config.Out, "config.json"),
                $"--resume with settings that differ from the run's config.json: {string.Join(", ", differences)}");
        store.Load(state, latest.Value);
        return latest;
    }

    /// <summary>The interval work after a step: samples, toy metrics, checkpoint (and, with <paramref name="evaluate"/>, the batch-norm
    /// refresh the evaluation after it needs). Returns whether a checkpoint was written.</summary>
    bool AfterStep(TrainingState state, CheckpointStore store, RunLogs logs, Tensor fixedZ, ToyMixture? toy, long[] sampleShape, bool last, bool evaluate)
    {
        var samples = state.Step % config.SampleEvery == 0 || last;
        var metrics = toy is not null && (state.Step % config.MetricsEvery == 0 || last);
        var checkpoint = state.Step % config.CheckpointEvery == 0 || last;
        if (samples || metrics || checkpoint || evaluate) RefreshBatchNorm(state);
        if (samples) WriteSamples(state, fixedZ, toy, sampleShape, config.Out);
        if (metrics) logs.AppendToyMetrics(state.Step, EvaluateToy(state, toy!, state.Device));
        if (!checkpoint) return false;
        logs.Flush();
        store.Save(state, config.KeepCheckpoints);
        return true;
    }

    /// <summary>
    /// <c>--eval-every</c>'s evaluation of the current G (its batch-norm statistics already refreshed): exported, scored by the
    /// evaluator in process, one row of metrics.csv. Returns false when Ctrl-C stopped it (no row is written then).
    /// </summary>
    bool Evaluate(TrainingState state, Evaluation.TrainingEvaluator evaluator, RunLogs logs, CancellationToken cancel)
    {
        _observer.Note($"step {state.Step}: scoring {string.Join(", ", evaluator.Metrics)} on {config.EvalN:N0} samples…");
        try
        {
            var (values, _, seconds) = evaluator.Evaluate(state, config.Out, cancel);
            logs.AppendEvalMetrics(state.Step, values);
            _observer.Note($"step {state.Step}: {evaluator.Summary(values)} ({seconds:F1} s)");
            return true;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { return false; }
    }

    /// <summary>G's population statistics recomputed on the frozen G (<c>--bn-recalibration</c>, PacGAN's protocol) before
    /// anything is drawn from it or saved: samples, toy metrics, every checkpoint (so an export of any checkpoint has them)
    /// and the final export. Seeded by (seed, step); the training RNG and weights are untouched.</summary>
    void RefreshBatchNorm(TrainingState state) => BatchNormRecalibration.Run(state, config);

    /// <summary>After the last step: plots, then generator.onnx through the export hook.</summary>
    void Finish(TrainingState state, string runDir)
    {
        WritePlots(runDir);
        if (config.Export && GeneratorExportHook is { } export)
        {
            _observer.Note("exporting generator.onnx (with ONNX Runtime parity check)");
            export(state, Path.Combine(runDir, "generator.onnx"));
        }
    }

    /// <summary>The start-up self-check (CPU runs): float32 vs float64 on the run's own networks; may switch kernels.</summary>
    RunConfigFile.NumericsRecord? CheckNumerics(TrainingState state)
    {
        if (state.Device.type != DeviceType.CPU) return null;
        var check = StartupNumericsCheck.Run(config.ConvBackend,
            path => NetworkNumerics.Measure(state.Spec, state.Generator, state.Discriminator, NetworkNumerics.CheckBatch(config.Batch, config.ImageSize), path));
        // The path found is the networks' own from here on (their forward sets libtorch's kernel switch to match).
        Networks.ConvRoutedSequential.SetPath(state.Generator, check.Backend);
        Networks.ConvRoutedSequential.SetPath(state.Discriminator, check.Backend);
        _observer.Note(check.Summary);
        return new RunConfigFile.NumericsRecord(NumericsCheck.Key(check.Backend), check.Replaced is { } r ? NumericsCheck.Key(r) : null,
            check.Worst?.RelativeError ?? 0, check.Summary);
    }

    /// <summary>RUN/plots/ (<see cref="Plots.RunPlots"/>); a failed plot is a note, never a failed run.</summary>
    void WritePlots(string runDir)
    {
        try { Plots.RunPlots.Write(runDir); }
        catch (Exception e) when (e is not OperationCanceledException) { _observer.Note($"plots not written: {e.Message}"); }
    }

    Tensor FixedLatents(int n, Device device)
    {
        using var gen = new Generator((ulong)config.Seed + 1);
        return randn([n, config.LatentSize], generator: gen).to(device);
    }

    void WriteSamples(TrainingState state, Tensor fixedZ, ToyMixture? toy, long[] sampleShape, string runDir)
    {
        var path = Path.Combine(runDir, "samples", $"step_{state.Step:D8}.png");
        if (toy is null)
            SampleSheet.WriteImageGrid(path, SampleSheet.Generate(state.Generator, fixedZ), sampleShape, SampleSheet.Caption(config, state.Step));
        else
        {
            using var z = ToyLatents(state.Step, 1000, state.Device);
            SampleSheet.WriteToyScatter(path, toy, [(SampleSheet.MethodLabel(config), SampleSheet.Generate(state.Generator, z))],
                $"{SampleSheet.MethodLabel(config)} on {toy.Name}, step {state.Step}");
        }
    }

    /// <summary>
    /// Toy metrics on the evaluator's samples: <c>mmagan-eval toy</c>'s default latents (<see cref="StandardNormalLatents"/>
    /// of its default latent seed, 2,500 of them), the same at every step and independent of the training RNG, so the
    /// last row of metrics.csv is what <c>mmagan-eval toy RUN/generator.onnx --data D</c> reports.
    /// </summary>
    ToyMetricsResult EvaluateToy(TrainingState state, ToyMixture toy, Device device)
    {
        var n = Shared.Metrics.EvaluationDefaults.ToySamples;
        _toyLatents ??= StandardNormalLatents.SampleRows(Shared.Metrics.EvaluationDefaults.LatentSeed, n, config.LatentSize, $"{n} toy samples");
        using var z = tensor(_toyLatents, [n, config.LatentSize]).to(device);
        return ToyMetrics.Compute(toy, SampleSheet.Generate(state.Generator, z));
    }

    float[]? _toyLatents;

    Tensor ToyLatents(long step, int n, Device device)
    {
        using var gen = new Generator(unchecked((ulong)(config.Seed * 31L + step + 2)));
        return randn([n, config.LatentSize], generator: gen).to(device);
    }
}
