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
        var data = new Option<string>("--data") { Description = "ring8 | grid25 | mnist:PATH | cifar10:PATH | images:DIR" };
        var output = new Option<string>("--out") { Description = "run folder" };
        var steps = new Option<long?>("--steps") { Description = "generator steps (overrides --epochs)" };
        var epochs = new Option<double>("--epochs") { Description = "passes over the data", DefaultValueFactory = _ => d.Epochs };
        var k = new Option<int>("--k") { Description = "D heads (mode activations), MMA-GAN", DefaultValueFactory = _ => d.K };
        var lambda = new Option<double>("--lambda") { Description = "diversity weight λ", DefaultValueFactory = _ => d.Lambda };
        var tau = new Option<double>("--tau") { Description = "activation target τ", DefaultValueFactory = _ => d.Tau };
        var batch = new Option<int>("--batch") { Description = "batch size B", DefaultValueFactory = _ => d.Batch };
        var divBatch = new Option<int>("--div-batch") { Description = "diversity batch size M", DefaultValueFactory = _ => d.DivBatch };
        var lrG = new Option<double?>("--lr-g") { Description = "G learning rate (2e-4; 1e-4 for wgan-gp)" };
        var lrD = new Option<double?>("--lr-d") { Description = "D learning rate (2e-4; 1e-4 for wgan-gp)" };
        var imageSize = new Option<int>("--image-size") { Description = "32 | 64 | 128 | 256", DefaultValueFactory = _ => d.ImageSize };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => d.Seed };
        var resume = new Option<bool>("--resume") { Description = "continue from the newest checkpoint in --out" };
        var device = new Option<string>("--device") { Description = "cpu | cuda", DefaultValueFactory = _ => d.Device };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = 1 for toys, all cores otherwise)", DefaultValueFactory = _ => d.Threads };
        var criticSteps = new Option<int>("--critic-steps") { Description = "WGAN-GP critic steps per G step", DefaultValueFactory = _ => d.CriticSteps };
        var gpWeight = new Option<double>("--gp-weight") { Description = "WGAN-GP gradient-penalty weight", DefaultValueFactory = _ => d.GpWeight };
        var baseWidth = new Option<int>("--base-width") { Description = "conv nets' base channel width", DefaultValueFactory = _ => d.BaseWidth };
        var sampleEvery = new Option<int>("--sample-every") { DefaultValueFactory = _ => d.SampleEvery };
        var checkpointEvery = new Option<int>("--checkpoint-every") { DefaultValueFactory = _ => d.CheckpointEvery };
        var metricsEvery = new Option<int>("--metrics-every") { Description = "toy metrics interval", DefaultValueFactory = _ => d.MetricsEvery };
        var keep = new Option<int>("--keep-checkpoints") { Description = "older checkpoints kept besides the newest (0 = all)" };
        var noExport = new Option<bool>("--no-export") { Description = "skip generator.onnx at the end" };
        var toyNet = new Option<string>("--toy-net")
        {
            Description = "2-D toy networks: small (2 × 128 MLPs, z ∈ R^100) | pacgan (PacGAN's: z ∈ R^2, G 4 × [Linear 400, BN, ReLU], "
                          + "D 3 × maxout(200, 5); defaults then follow PacGAN: Adam 1e-4, β1 0.8, batch 100)",
            DefaultValueFactory = _ => d.ToyNet,
        };
        toyNet.AcceptOnlyFromAmong("small", "pacgan");
        var trainSet = new Option<int>("--train-set") { Description = "toys: fixed training set of N samples drawn once from the seed (0 = fresh samples)" };
        var pack = new Option<int>("--pack") { Description = "PacGAN packing: D sees M samples concatenated (1 = none; any method)", DefaultValueFactory = _ => d.Pack };
        var beta1 = new Option<double?>("--beta1") { Description = "Adam β1 (0.5; 0.8 with --toy-net pacgan; 0 for wgan-gp)" };

        var root = new RootCommand("MmaGan trainer: MMA-GAN, DCGAN and WGAN-GP in TorchSharp");
        foreach (var o in new Option[] { method, data, output, steps, epochs, k, lambda, tau, batch, divBatch, lrG, lrD, imageSize, seed, resume,
                     device, threads, criticSteps, gpWeight, baseWidth, sampleEvery, checkpointEvery, metricsEvery, keep, noExport, toyNet, trainSet, pack, beta1 })
            root.Options.Add(o);

        root.SetAction(p => CliRunner.Run(() =>
        {
            if (p.GetValue(data) is not { } dataSpec || p.GetValue(output) is not { } outDir)
                throw new Shared.IO.InputException("--data and --out are required (see --help)");
            var m = TrainConfig.ParseMethod(p.GetValue(method)!);
            var wgan = m == GanMethod.WganGp;
            var pacganNets = p.GetValue(toyNet) == "pacgan"; // PacGAN's protocol defaults: Adam 1e-4, β1 0.8, batch 100, z ∈ R²
            double defaultLr = wgan || pacganNets ? 1e-4 : 2e-4;
            var config = new TrainConfig
            {
                Method = m, Data = dataSpec, Out = outDir, Steps = p.GetValue(steps), Epochs = p.GetValue(epochs),
                K = p.GetValue(k), Lambda = p.GetValue(lambda), Tau = p.GetValue(tau),
                Batch = pacganNets && p.GetResult(batch) is null or { Implicit: true } ? 100 : p.GetValue(batch), DivBatch = p.GetValue(divBatch),
                LrG = p.GetValue(lrG) ?? defaultLr, LrD = p.GetValue(lrD) ?? defaultLr,
                Beta1 = p.GetValue(beta1) ?? (wgan ? 0.0 : pacganNets ? 0.8 : 0.5), Beta2 = wgan ? 0.9 : 0.999,
                ToyNet = p.GetValue(toyNet)!, TrainSet = p.GetValue(trainSet), Pack = p.GetValue(pack),
                LatentSize = pacganNets && Shared.Toy.ToyMixture.IsToy(dataSpec) ? 2 : d.LatentSize,
                ImageSize = p.GetValue(imageSize), Seed = p.GetValue(seed), Device = p.GetValue(device)!, Threads = p.GetValue(threads),
                CriticSteps = p.GetValue(criticSteps), GpWeight = p.GetValue(gpWeight), BaseWidth = p.GetValue(baseWidth),
                SampleEvery = p.GetValue(sampleEvery), CheckpointEvery = p.GetValue(checkpointEvery), MetricsEvery = p.GetValue(metricsEvery),
                KeepCheckpoints = p.GetValue(keep), Export = !p.GetValue(noExport),
            };
            using var cts = CliRunner.CancelOnSignals();
            var observer = new ProgressObserver(TrainConfig.MethodName(m));
            var outcome = observer.Run(() => new Trainer(config, observer) { GeneratorExportHook = exportHook }.Run(p.GetValue(resume), cts.Token));
            switch (outcome.Status)
            {
                case TrainStatus.Completed:
                    Console.WriteLine($"{outcome.Message} in {outcome.Seconds:F1} s → {config.Out}");
                    return CliRunner.Ok;
                case TrainStatus.Cancelled:
                    Console.Error.WriteLine(outcome.Message);
                    return CliRunner.Interrupted;
                default:
                    Console.Error.WriteLine("error: " + outcome.Message);
                    return CliRunner.Error;
            }
        }));
        return root;
    }
}
