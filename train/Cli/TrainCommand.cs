using System.CommandLine;
using MmaGan.Train.Config;
using MmaGan.Train.Training;

namespace MmaGan.Train.Cli;

/// <summary>
/// The root command: <c>mmagan-train --method mma|dcgan|wgan-gp --data SPEC --out RUN_DIR [--steps N | --epochs E] …</c>.
/// </summary>
public static class TrainCommand
{
    public static RootCommand Create(Action<TrainingState, string>? exportHook)
    {
        var d = new TrainConfig();
        var method = new Option<string>("--method") { Description = "mma | dcgan | wgan-gp", DefaultValueFactory = _ => "mma" };
        var data = new Option<string>("--data") { Description = "ring8 | grid25 | ring8-pacgan | mnist:PATH | stacked-mnist:PATH | cifar10:PATH | images:DIR" };
        var output = new Option<string>("--out") { Description = "run folder" };
        var steps = new Option<long?>("--steps") { Description = "generator steps (overrides --epochs)" };
        var epochs = new Option<double>("--epochs") { Description = "passes over the data", DefaultValueFactory = _ => d.Epochs };
        var k = new Option<int>("--k") { Description = "D heads (mode activations), MMA-GAN", DefaultValueFactory = _ => d.K };
        var lambda = new Option<double>("--lambda") { Description = "diversity weight λ", DefaultValueFactory = _ => d.Lambda };
        var tau = new Option<double>("--tau") { Description = "activation target τ", DefaultValueFactory = _ => d.Tau };
        var batch = new Option<int>("--batch") { Description = "batch size B (100 with --toy-net pacgan, 128 for stacked-mnist)", DefaultValueFactory = _ => d.Batch };
        var divBatch = new Option<int>("--div-batch") { Description = "diversity batch size M (128 for stacked-mnist)", DefaultValueFactory = _ => d.DivBatch };
        var w = TrainConfig.ForMethod(GanMethod.WganGp);
        var lrG = new Option<double?>("--lr-g") { Description = $"G learning rate ({d.LrG:G}; {w.LrG:G} for wgan-gp, --toy-net pacgan and stacked-mnist)" };
        var lrD = new Option<double?>("--lr-d") { Description = $"D learning rate ({d.LrD:G}; {w.LrD:G} for wgan-gp and --toy-net pacgan)" };
        var imageSize = new Option<int>("--image-size") { Description = "32 | 64 | 128 | 256 (28 for the stacked-mnist networks)", DefaultValueFactory = _ => d.ImageSize };
        var seed = new Option<int>("--seed") { Description = "the run's seed (initial weights, batches, latents)", DefaultValueFactory = _ => d.Seed };
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its newest checkpoint, with the settings of its config.json (only --out is needed; flags that change the experiment are refused, --steps/--epochs extend the budget; with --data the command line is taken whole, its defaults included, and must match the run)" };
        var device = new Option<string>("--device") { Description = "cpu | cuda", DefaultValueFactory = _ => d.Device };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads (0 = all cores; default: 1 for the 2-D toys, all cores otherwise)" };
        var criticSteps = new Option<int>("--critic-steps") { Description = "WGAN-GP critic steps per G step", DefaultValueFactory = _ => d.CriticSteps };
        var gpWeight = new Option<double>("--gp-weight") { Description = "WGAN-GP gradient-penalty weight", DefaultValueFactory = _ => d.GpWeight };
        var baseWidth = new Option<int>("--base-width") { Description = "conv nets' base channel width", DefaultValueFactory = _ => d.BaseWidth };
        var sampleEvery = new Option<int>("--sample-every") { Description = "steps between sample sheets (samples/step_N.png)", DefaultValueFactory = _ => d.SampleEvery };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "steps between checkpoints (checkpoints/step_N.ckpt)", DefaultValueFactory = _ => d.CheckpointEvery };
        var metricsEvery = new Option<int>("--metrics-every") { Description = "toy metrics interval", DefaultValueFactory = _ => d.MetricsEvery };
        var keep = new Option<int>("--keep-checkpoints") { Description = "older checkpoints kept besides the newest (0 = all)" };
        var noExport = new Option<bool>("--no-export") { Description = "skip generator.onnx at the end" };
        var convBackend = new Option<string>("--conv-backend")
        {
            Description = "auto (oneDNN unless the start-up check finds it wrong here) | onednn | gemm (im2col + BLAS, the safe path) | aten (libtorch's own kernels)",
            DefaultValueFactory = _ => d.ConvBackend,
        };

        var net = new Option<string?>("--net")
        {
            Description = "conv | mlp (Goodfellow et al. 2014 FC G, maxout D) | stacked-mnist (Unrolled GAN's / PacGAN's 28×28 G and D; see --d-size) for images; "
                          + "default: stacked-mnist for stacked-mnist data, conv for other images, toy MLPs for 2-D data",
        };
        var spectralNorm = new Option<bool>("--spectral-norm") { Description = "spectral normalisation of D's Conv/Linear weights (D then has no batch norm)" };
        var labelSmoothing = new Option<double?>("--label-smoothing") { Description = "one-sided label smoothing: D's real target A, e.g. 0.9 (dcgan, mma)" };
        var mbd = new Option<bool>("--minibatch-discrimination") { Description = "minibatch discrimination before D's heads (Salimans et al. 2016)" };
        var mbdKernels = new Option<int?>("--mbd-kernels") { Description = $"minibatch-discrimination kernels B (default {d.MbdKernels})" };
        var mbdDim = new Option<int?>("--mbd-dim") { Description = $"minibatch-discrimination kernel dims C (default {d.MbdDim})" };
        var featureMatching = new Option<bool>("--feature-matching") { Description = "G matches the mean of D's last hidden features (dcgan, mma)" };

        var toyNet = new Option<string>("--toy-net")
        {
            Description = "2-D toy networks: small (2 × 128 MLPs, z ∈ R^100) | pacgan (PacGAN's: z ∈ R^2, G 4 × [Linear 400, BN, ReLU], "
                          + "D 3 × maxout(200, 5); defaults then follow PacGAN: Adam 1e-4, β1 0.8, batch 100)",
            DefaultValueFactory = _ => d.ToyNet,
        };
        toyNet.AcceptOnlyFromAmong("small", "pacgan");
        var trainSet = new Option<int>("--train-set") { Description = "toys: fixed training set of N samples drawn once from the seed (0 = fresh samples)" };
        var pack = new Option<int>("--pack") { Description = "PacGAN packing: D sees M samples concatenated (1 = none; any method)", DefaultValueFactory = _ => d.Pack };
        var update = new Option<string?>("--update")
        {
            Description = "alternating (D, then G against the new D; the default) | simultaneous (both gradients at the same weights: PacGAN's/ALI's algorithm; the default with --toy-net pacgan)",
        };
        update.AcceptOnlyFromAmong("alternating", "simultaneous");
        var bnRecalibration = new Option<int?>("--bn-recalibration")
        {
            Description = "before G is evaluated or saved, recompute its batch-norm statistics on N batches from the frozen G (0 = off; 50 with --toy-net pacgan, as PacGAN)",
        };
        var lrDecay = new Option<string>("--lr-decay") { Description = "learning-rate schedule: none | linear (to 0 at the last step)", DefaultValueFactory = _ => d.LrDecay };
        lrDecay.AcceptOnlyFromAmong(Training.LearningRateSchedule.Names);
        var beta1 = new Option<double?>("--beta1") { Description = "Adam β1 (0.5; 0.8 with --toy-net pacgan; 0 for wgan-gp)" };
        var beta2 = new Option<double?>("--beta2") { Description = "Adam β2 (0.999; 0.99 for stacked-mnist; 0.9 for wgan-gp)" };
        var dSize = new Option<double?>("--d-size") { Description = "stacked-mnist networks: D's size relative to G, 0.25 (filters 2, 4, 8; the default) or 0.5 (4, 8, 16)" };
        var presetOption = new Option<string?>("--preset")
        {
            Description = $"the protocol whose defaults the run starts from: {string.Join(" | ", TrainPresets.Names)} (default: {TrainPresets.PacGanToy} with --toy-net pacgan, "
                          + $"{TrainPresets.PacGanStackedMnist} for stacked-mnist data, else {TrainPresets.Paper}); flags given override it",
        };
        presetOption.AcceptOnlyFromAmong(TrainPresets.Names);

        var evalEvery = new Option<int>("--eval-every") { Description = "score G every N steps and at the last step with the evaluator's library (exported to a temporary ONNX, in process), one row of metrics.csv each (0 = off; image data)" };
        var evalMetrics = new Option<string>("--eval-metrics")
        {
            Description = $"metrics of --eval-every, comma-separated: {string.Join(",", Shared.Metrics.MetricRegistry.All.Where(m => m.Generated != Shared.Metrics.MetricInput.ToySamples).Select(m => m.Name))}",
            DefaultValueFactory = _ => TrainConfig.DefaultEvalMetrics,
        };
        var evalN = new Option<int>("--eval-n") { Description = $"samples from G per evaluation (the evaluator's latents of seed {Shared.Metrics.EvaluationDefaults.LatentSeed}, the same every time)", DefaultValueFactory = _ => TrainConfig.DefaultEvalN };
        var evalNRef = new Option<int?>("--eval-n-ref") { Description = "reference images (the first N; default: as many as --eval-n; cached after the first evaluation)" };
        var evalReference = new Option<string?>("--eval-reference") { Description = "reference of fid, kid, prdc, fd-inf, fd-classifier (default: the --data itself; any evaluator source: stats .npz, named reference, dataset)" };
        var evalFeatureModel = new Option<string?>("--eval-feature-model") { Description = "feature model ONNX of fid, kid, prdc, fd-inf, vendi (default: models/fid-inception.onnx)" };

        var json = new Option<bool>("--json") { Description = "print how the run ended as one JSON object on the last line of stdout (status, steps, seconds, diverged, run_dir, generator, checkpoint)" };

        var root = new RootCommand("MmaGan trainer: MMA-GAN, DCGAN and WGAN-GP in TorchSharp");
        root.Options.Add(json);
        foreach (var o in new Option[] { method, data, output, steps, epochs, k, lambda, tau, batch, divBatch, lrG, lrD, imageSize, seed, resume,
                     device, threads, criticSteps, gpWeight, baseWidth, sampleEvery, checkpointEvery, metricsEvery, keep, noExport,
                     net, dSize, spectralNorm, labelSmoothing, mbd, mbdKernels, mbdDim, featureMatching, convBackend, toyNet, trainSet, pack, beta1, beta2, update, bnRecalibration, lrDecay, presetOption,
                     evalEvery, evalMetrics, evalN, evalNRef, evalReference, evalFeatureModel })
            root.Options.Add(o);

        // The run's settings: a new run starts from its protocol's defaults (TrainPresets), a --resume from the run's own
        // config.json; either way every flag given on the command line is then applied (a resumed run refuses the ones that
        // change its experiment, ResumeCheck). So `--out RUN --resume` alone continues RUN exactly as it was started.
        // Also what `check-args` validates (<see cref="ConfigOf"/>) without training.
        TrainConfig Config(ParseResult p)
        {
            if (p.GetValue(output) is not { } outDir) throw new Shared.IO.InputException("--out is required (see --help)");
            var saved = p.GetValue(resume) ? SavedConfig(outDir, given: p.GetValue(data) is not null) : null;
            if ((p.GetValue(data) ?? saved?.Data) is not { } dataSpec)
                throw new Shared.IO.InputException("--data is required for a new run (see --help); `--out RUN --resume` continues RUN with its own settings");
            T Given<T>(Option<T> option, T otherwise) => p.GetResult(option) is { Implicit: false } ? p.GetValue(option)! : otherwise;
            T Nullable<T>(Option<T?> option, T otherwise) where T : struct => p.GetValue(option) ?? otherwise;
            // A resume that gives --data is a whole command line (as the sweep runner resumes): its settings are its flags and the
            // protocol's defaults, as for a new run, and ResumeCheck refuses those that differ from the run's; only the budget
            // comes from the run unless --steps/--epochs is given. Without --data every setting comes from the run.
            var continuation = saved is not null && p.GetValue(data) is null;
            var m = p.GetResult(method) is { Implicit: false } || !continuation ? TrainConfig.ParseMethod(p.GetValue(method)!) : saved!.Method;
            var b = continuation ? saved! : TrainPresets.For(p.GetValue(presetOption) ?? TrainPresets.Choose(dataSpec, p.GetValue(net), p.GetValue(toyNet)!), m);
            var budget = saved ?? b;
            var minibatch = Given(mbd, b.MinibatchDiscrimination);
            if (!minibatch && (p.GetValue(mbdKernels) is not null || p.GetValue(mbdDim) is not null))
                throw new Shared.IO.InputException("--mbd-kernels and --mbd-dim need --minibatch-discrimination");
            var config = b with
            {
                Method = m, Data = dataSpec, Out = outDir, Preset = p.GetValue(presetOption) ?? b.Preset,
                Steps = p.GetValue(steps) ?? (p.GetResult(epochs) is { Implicit: false } ? null : budget.Steps), Epochs = Given(epochs, budget.Epochs),
                K = Given(k, b.K), Lambda = Given(lambda, b.Lambda), Tau = Given(tau, b.Tau),
                Batch = Given(batch, b.Batch), DivBatch = Given(divBatch, b.DivBatch),
                LrG = Nullable(lrG, b.LrG), LrD = Nullable(lrD, b.LrD), Beta1 = Nullable(beta1, b.Beta1), Beta2 = Nullable(beta2, b.Beta2),
                ToyNet = Given(toyNet, b.ToyNet), TrainSet = Given(trainSet, b.TrainSet), Pack = Given(pack, b.Pack),
                Update = p.GetValue(update) ?? b.Update, LrDecay = Given(lrDecay, b.LrDecay),
                BnRecalibration = Nullable(bnRecalibration, b.BnRecalibration),
                ImageSize = Given(imageSize, b.ImageSize), Seed = Given(seed, b.Seed), Device = Given(device, b.Device), Threads = Given(threads, b.Threads),
                CriticSteps = Given(criticSteps, b.CriticSteps), GpWeight = Given(gpWeight, b.GpWeight), BaseWidth = Given(baseWidth, b.BaseWidth),
                SampleEvery = Given(sampleEvery, b.SampleEvery), CheckpointEvery = Given(checkpointEvery, b.CheckpointEvery),
                MetricsEvery = Given(metricsEvery, b.MetricsEvery), KeepCheckpoints = Given(keep, b.KeepCheckpoints), Export = !Given(noExport, !b.Export),
                ConvBackend = Given(convBackend, b.ConvBackend),
                Net = p.GetValue(net) ?? b.Net, DSize = Nullable(dSize, b.DSize),
                SpectralNorm = Given(spectralNorm, b.SpectralNorm), LabelSmoothing = p.GetValue(labelSmoothing) ?? b.LabelSmoothing,
                MinibatchDiscrimination = minibatch, MbdKernels = Nullable(mbdKernels, b.MbdKernels), MbdDim = Nullable(mbdDim, b.MbdDim),
                FeatureMatching = Given(featureMatching, b.FeatureMatching),
                EvalEvery = Given(evalEvery, b.EvalEvery), EvalMetrics = Given(evalMetrics, b.EvalMetrics), EvalN = Given(evalN, b.EvalN),
                EvalNRef = p.GetValue(evalNRef) ?? b.EvalNRef, EvalReference = p.GetValue(evalReference) ?? b.EvalReference,
                EvalFeatureModel = p.GetValue(evalFeatureModel) ?? b.EvalFeatureModel,
            };
            return config;
        }

        // Flags given that the run's method or networks do not use: one warning line each (the run trains as it would without them).
        IEnumerable<string> Unused(ParseResult p, TrainConfig c)
        {
            bool Given(Option o) => p.GetResult(o) is { Implicit: false };
            string List(params Option[] options) => string.Join(", ", options.Where(Given).Select(o => o.Name));
            var method = TrainConfig.MethodName(c.Method);
            if (c.Method != GanMethod.Mma && List(k, lambda, tau, divBatch) is { Length: > 0 } mma)
                yield return $"{mma}: MMA-GAN's settings; --method {method} trains without them (heads {c.Heads}, effective λ {c.EffectiveLambda})";
            if (c.Method != GanMethod.WganGp && List(criticSteps, gpWeight) is { Length: > 0 } wgan)
                yield return $"{wgan}: WGAN-GP's settings; --method {method} does not use them";
            if (c.ResolvedNet != "stacked-mnist" && Given(dSize))
                yield return $"--d-size: sizes the stacked-mnist networks; the {c.ResolvedNet} networks do not use it";
            if (!Shared.Toy.ToyMixture.IsToy(c.Data) && Given(metricsEvery))
                yield return "--metrics-every: the toy metrics' interval; image data logs no toy metrics";
            if (c.EvalEvery == 0 && List(evalMetrics, evalN, evalNRef, evalReference, evalFeatureModel) is { Length: > 0 } eval)
                yield return $"{eval}: the settings of --eval-every, which is not given; no image metrics are scored";
        }
        Configs.AddOrUpdate(root, Config);

        root.SetAction(p => CliRunner.Run(() =>
        {
            var config = Config(p);
            config.Validate();   // bad settings are refused before anything is created (no run folder holding only a .lock)
            foreach (var line in Unused(p, config)) Shared.Cli.Warnings.Once(line);
            var outDir = config.Out;
            var m = config.Method;
            // One writer per run folder: a second trainer, or a second --resume, is refused while this one runs.
            var created = !Directory.Exists(outDir);
            using var runLock = Shared.IO.FolderLock.Acquire(Shared.IO.OutputPath.Folder(outDir, "--out"), "run folder");
            Shared.IO.TempFiles.CleanStale(new Checkpoints.CheckpointStore(outDir).Folder);   // .step_….ckpt.tmp-… of a killed run
            Shared.IO.TempFiles.CleanStaleLocked(outDir);   // and a killed export's, the legacy .generator.onnx.export-PID-GUID.tmp too
            // The first Ctrl-C: the loop finishes its step and checkpoints. A second: out at once, the last complete checkpoint kept.
            using var cts = CliRunner.CancelOnSignals("stopping after this step (press Ctrl-C again to abort)…", () => AbortMessage(outDir));
            var observer = new ProgressObserver(TrainConfig.MethodName(m));
            TrainOutcome outcome;
            // The evaluator shows progress in lines when no live progress bar runs (two live displays cannot share a terminal).
            var evaluationProgress = ProgressObserver.Interactive ? null : Eval.Evaluation.ProgressReporter.ForConsole();
            try
            {
                outcome = observer.Run(() => new Trainer(config, observer) { GeneratorExportHook = exportHook, EvaluationProgress = evaluationProgress }
                    .Run(p.GetValue(resume), cts.Token));
            }
            catch when (created)
            {
                // Bad data found at start-up (an unreadable image, reported through an AggregateException from the parallel
                // decoder): no run folder is left holding only its lock.
                runLock.Dispose();
                RemoveIfOnlyLock(outDir);
                throw;
            }
            var result = Result(outcome, config);
            switch (outcome.Status)
            {
                case TrainStatus.Completed:
                    Console.WriteLine($"{outcome.Message} in {outcome.Seconds:F1} s → {config.Out}");
                    break;
                case TrainStatus.Cancelled:
                    Console.Error.WriteLine(outcome.Message);
                    break;
                default:
                    Console.Error.WriteLine("error: " + outcome.Message);
                    break;
            }
            if (p.GetValue(json)) Console.WriteLine(result.ToJson());
            return outcome.Status switch { TrainStatus.Completed => CliRunner.Ok, TrainStatus.Cancelled => cts.ExitCode, _ => CliRunner.Error };   // 130 after Ctrl-C, 143 after SIGTERM
        }));
        return root;
    }

    /// <summary>The settings a <c>--resume</c> continues: RUN/config.json; when there is none, null for a run that gives
    /// <c>--data</c> (it starts as a new run), else one line saying what is missing.</summary>
    static TrainConfig? SavedConfig(string outDir, bool given)
    {
        if (File.Exists(Path.Combine(outDir, "config.json"))) return RunConfigFile.Read(outDir);
        if (given) return null;
        throw new Shared.IO.InputException($"--resume: {outDir} holds no config.json, so there is no run to continue (a new run needs --data)");
    }

    /// <summary>Deletes a run folder this process created when it holds nothing but the lock files.</summary>
    static void RemoveIfOnlyLock(string runDir)
    {
        try
        {
            if (Directory.EnumerateFileSystemEntries(runDir).All(f => Path.GetFileName(f) is Shared.IO.FolderLock.FileName or Shared.IO.FolderLock.OwnerFileName))
                Directory.Delete(runDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>What a second Ctrl-C leaves: the newest complete checkpoint (checkpoints are written atomically), or none.</summary>
    static string AbortMessage(string runDir)
    {
        var steps = Shared.Runs.CheckpointFiles.Steps(runDir);
        return steps.Count > 0
            ? $"aborted: the last complete checkpoint is kept ({Shared.Runs.CheckpointFiles.PathOf(runDir, steps[^1])}, step {steps[^1]}; --resume continues from it)"
            : "aborted before the first checkpoint: nothing to resume from";
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RootCommand, Func<ParseResult, TrainConfig>> Configs = new();

    /// <summary>The settings a parsed training command line asks for, checked (<see cref="TrainConfig.Validate"/>) but not run;
    /// null for the other commands (export, plot, …).</summary>
    public static TrainConfig? ConfigOf(ParseResult parsed)
    {
        if (parsed.CommandResult.Command is not RootCommand root || !Configs.TryGetValue(root, out var config)) return null;
        var c = config(parsed);
        c.Validate();
        return c;
    }

    /// <summary>The typed ending of a run (<c>--json</c>): what the sweep runner reads instead of the prose lines.</summary>
    static Shared.Runs.TrainResult Result(TrainOutcome outcome, TrainConfig config)
    {
        var checkpoints = Shared.Runs.CheckpointFiles.Steps(config.Out);
        var generator = Path.Combine(config.Out, "generator.onnx");
        var diverged = outcome.Status == TrainStatus.Diverged;
        return new Shared.Runs.TrainResult
        {
            Status = outcome.Status switch { TrainStatus.Completed => Shared.Runs.TrainResult.Completed, TrainStatus.Cancelled => Shared.Runs.TrainResult.Cancelled, _ => Shared.Runs.TrainResult.Diverged },
            Steps = diverged ? outcome.Step - 1 : outcome.Step, DivergedAt = diverged ? outcome.Step : null,
            Seconds = Math.Round(outcome.Seconds, 3), RunDir = Path.GetFullPath(config.Out),
            Generator = outcome.Status == TrainStatus.Completed && config.Export && File.Exists(generator) ? Path.GetFullPath(generator) : null,
            Checkpoint = checkpoints.Count > 0 ? Path.GetFullPath(Shared.Runs.CheckpointFiles.PathOf(config.Out, checkpoints[^1])) : null,
            Message = outcome.Message,
        };
    }
}
