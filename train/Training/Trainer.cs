using System.Diagnostics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Toy;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Data;
using MmaGan.Train.Methods;
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

    public TrainOutcome Run(bool resume, CancellationToken cancel = default)
    {
        config.Validate();
        var clock = Stopwatch.StartNew();
        DenormalFlush.Enable();
        torch.set_num_threads(config.EffectiveThreads(ToyMixture.IsToy(config.Data)));
        var device = DeviceSelector.Resolve(config.Device);
        var runDir = config.Out;
        using var data = DataSpec.Open(config.Data, config.ImageSize, config.Seed, config.TrainSet); // bad data fails before anything is written
        Directory.CreateDirectory(runDir);
        var store = new CheckpointStore(runDir);
        using var state = new TrainingState(config, data.SampleShape, device);
        long? resumedFrom = null;
        if (resume && store.Latest() is { } latest)
        {
            var saved = RunConfigFile.Read(runDir);
            if (saved with { Steps = null, Epochs = 0, Out = "", Threads = 0, Device = "", Export = false }
                != config with { Steps = null, Epochs = 0, Out = "", Threads = 0, Device = "", Export = false })
                throw InputException.ForFile(Path.Combine(runDir, "config.json"), "--resume with settings that differ from the run's config.json");
            store.Load(state, latest);
            resumedFrom = latest;
        }
        else if (store.Latest() is not null)
            throw InputException.ForFile(runDir, "holds checkpoints already: pass --resume to continue it, or choose another --out");
        RunConfigFile.Write(runDir, config, data.Description, data.SampleShape);

        var batchesPerEpoch = Math.Max(1, data.EpochSize / config.Batch);
        var perStep = state.Method.RealBatchesPerStep;
        var totalSteps = config.Steps ?? (long)Math.Ceiling(config.Epochs * batchesPerEpoch / perStep);
        var toy = ToyMixture.IsToy(config.Data) ? ToyMixture.Get(config.Data) : null;
        var isMma = config.Method == GanMethod.Mma;

        var lossHeader = new List<string> { "step", "epoch", "loss_d", "loss_g" };
        if (isMma) lossHeader.AddRange(["loss_g_div", .. Enumerable.Range(1, config.Heads).Select(k => $"a_{k}")]);
        using var losses = new CsvLog(Path.Combine(runDir, "losses.csv"), lossHeader, resumedFrom);
        using var metrics = toy is null ? null : new CsvLog(Path.Combine(runDir, "metrics.csv"),
            ["step", "modes_covered_hq", "modes_covered_1pct", "hq_fraction", "reverse_kl"], resumedFrom);

        using var fixedZ = FixedLatents(64, device);
        Directory.CreateDirectory(Path.Combine(runDir, "samples"));
        _observer.Started(state.Step, totalSteps, data.Description);

        long batchIndex = state.Step * perStep;
        Tensor NextReal() => data.Batch(batchIndex++, config.Batch * config.Pack).to(device); // B packs of m samples

        var lastCheckpoint = resumedFrom ?? -1;
        while (state.Step < totalSteps)
        {
            if (cancel.IsCancellationRequested)
            {
                if (lastCheckpoint != state.Step) store.Save(state, config.KeepCheckpoints);
                losses.Flush(); metrics?.Flush();
                return new TrainOutcome(TrainStatus.Cancelled, state.Step, $"stopped at step {state.Step}; checkpoint written, continue with --resume", clock.Elapsed.TotalSeconds);
            }
            var epoch = batchIndex / batchesPerEpoch;
            var result = state.Method.Step(NextReal, state.Rng);
            if (!result.IsFinite)
            {
                losses.Flush(); metrics?.Flush();
                var keep = lastCheckpoint >= 0 ? $"the last good checkpoint is step {lastCheckpoint}" : "no checkpoint was written";
                return new TrainOutcome(TrainStatus.Diverged, state.Step + 1,
                    $"non-finite loss at step {state.Step + 1} (loss_d={result.LossD}, loss_g={result.LossG}); {keep}", clock.Elapsed.TotalSeconds);
            }
            state.Step++;
            var row = new List<double> { epoch, result.LossD, result.LossG };
            if (isMma) { row.Add(result.LossGDiv ?? 0); row.AddRange(result.Activations ?? []); }
            losses.Append(state.Step, row);
            _observer.Stepped(state.Step, result);

            var last = state.Step == totalSteps;
            if (state.Step % config.SampleEvery == 0 || last) WriteSamples(state, fixedZ, toy, data.SampleShape, runDir);
            if (toy is not null && (state.Step % config.MetricsEvery == 0 || last))
            {
                var m = EvaluateToy(state, toy, device);
                metrics!.Append(state.Step, [m.ModesCoveredHq, m.ModesCovered1pct, m.HqFraction, m.ReverseKl]);
            }
            if (state.Step % config.CheckpointEvery == 0 || last)
            {
                losses.Flush(); metrics?.Flush();
                store.Save(state, config.KeepCheckpoints);
                lastCheckpoint = state.Step;
            }
        }
        losses.Flush(); metrics?.Flush();
        if (config.Export && GeneratorExportHook is { } export)
        {
            _observer.Note("exporting generator.onnx (with ONNX Runtime parity check)");
            export(state, Path.Combine(runDir, "generator.onnx"));
        }
        return new TrainOutcome(TrainStatus.Completed, state.Step, $"trained {state.Step} steps", clock.Elapsed.TotalSeconds);
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
            SampleSheet.WriteImageGrid(path, SampleSheet.Generate(state.Generator, fixedZ), sampleShape);
        else
        {
            using var z = ToyLatents(state.Step, 1000, state.Device);
            SampleSheet.WriteToyScatter(path, toy, [(TrainConfig.MethodName(config.Method), SampleSheet.Generate(state.Generator, z))],
                $"{TrainConfig.MethodName(config.Method)} on {toy.Name}, step {state.Step}");
        }
    }

    /// <summary>Toy metrics on 2,500 samples from latents seeded by (seed, step): independent of the training RNG.</summary>
    ToyMetricsResult EvaluateToy(TrainingState state, ToyMixture toy, Device device)
    {
        using var z = ToyLatents(state.Step, ToyMetrics.DefaultSamples, device);
        return ToyMetrics.Compute(toy, SampleSheet.Generate(state.Generator, z));
    }

    Tensor ToyLatents(long step, int n, Device device)
    {
        using var gen = new Generator(unchecked((ulong)(config.Seed * 31L + step + 2)));
        return randn([n, config.LatentSize], generator: gen).to(device);
    }
}
