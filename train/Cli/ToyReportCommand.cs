using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Toy;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Cli;

/// <summary>
/// <c>mmagan-train toy-report RUN… --out scatter.png [--n 2500] [--overlay]</c>: the final generators of toy runs side by side —
/// a table of modes covered / high-quality fraction / reverse KL and one scatter panel per run over the true centres (with
/// <c>--overlay</c>, every run's points in one scatter instead).
/// </summary>
public static class ToyReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "toy run folders", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "scatter PNG", DefaultValueFactory = _ => "scatter.png" };
        var n = new Option<int>("--n") { Description = "samples per generator", DefaultValueFactory = _ => ToyMetrics.DefaultSamples };
        var seed = new Option<int>("--seed") { Description = "latent seed", DefaultValueFactory = _ => StandardNormalLatents.DefaultSeed };
        var overlay = new Option<bool>("--overlay") { Description = "draw every run's points in one scatter (default: one panel per run)" };
        var command = new Command("toy-report", "compare toy runs: mode coverage table and scatter over the true centres") { runs, output, n, seed, overlay };
        command.SetAction(p => CliRunner.Run(() =>
        {
            MmaGan.Shared.IO.OutputPath.File(p.GetValue(output)!, "--out");
            var rows = Report(p.GetValue(runs)!, p.GetValue(output)!, p.GetValue(n), p.GetValue(seed), p.GetValue(overlay));
            var table = new Table().AddColumns("run", "method", "modes (≥1 HQ)", "modes (≥1%)", "high quality", "reverse KL");
            foreach (var (run, method, m) in rows)
                table.AddRow(Markup.Escape(run), method, $"{m.ModesCoveredHq}/{m.ModesTotal}", $"{m.ModesCovered1pct}/{m.ModesTotal}",
                    $"{m.HqFraction:P1}", $"{m.ReverseKl:F3}");
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;   // a log or pipe has no width: 80 columns would wrap the run names
            AnsiConsole.Write(table);
            Console.WriteLine($"scatter → {p.GetValue(output)}");
            return CliRunner.Ok;
        }));
        return command;
    }

    public static List<(string Run, string Method, ToyMetricsResult Metrics)> Report(IReadOnlyList<string> runDirs, string outPng, int n, int seed, bool overlay = false)
    {
        var rows = new List<(string, string, ToyMetricsResult)>();
        var series = new List<(string, float[])>();
        ToyMixture? mixture = null;
        foreach (var run in runDirs)
        {
            var config = RunConfigFile.Read(run);
            if (!ToyMixture.IsToy(config.Data)) throw InputException.ForFile(run, $"not a toy run (data {config.Data})");
            var toy = ToyMixture.Get(config.Data);
            if (mixture is not null && mixture.Name != toy.Name) throw InputException.ForFile(run, $"trained on {toy.Name}, not {mixture.Name}");
            mixture = toy;
            var samples = FinalSamples(run, config, n, seed);
            var method = TrainConfig.MethodName(config.Method) + (config.Pack > 1 ? $" pack {config.Pack}" : ""); // PacGAN-m = dcgan pack m
            var name = config.Pack > 1 && config.Method == GanMethod.Dcgan ? $"PacGAN{config.Pack}" // PacGAN's name for its packed GAN
                : $"{SampleSheet.MethodLabel(config)}{(config.Pack > 1 ? $" pack {config.Pack}" : "")}";
            var label = $"{name} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(run))})";
            var metrics = ToyMetrics.Compute(toy, samples);
            rows.Add((run, method, metrics));
            series.Add((overlay ? label : $"{label}\n{metrics.ModesCoveredHq}/{metrics.ModesTotal} modes · {metrics.HqFraction:P0} HQ · reverse KL {metrics.ReverseKl:F2}", samples));
        }
        var title = $"{n:N0} samples each over the {mixture!.Centres.Length} true centres of {mixture.Name}";
        if (overlay) SampleSheet.WriteToyScatter(outPng, mixture, series, title);
        else SampleSheet.WriteToyPanels(outPng, mixture, series, title);
        return rows;
    }

    static float[] FinalSamples(string run, TrainConfig config, int n, int seed)
    {
        var store = new CheckpointStore(run);
        var step = store.Latest() ?? throw InputException.ForFile(run, "has no checkpoint");
        using var state = new TrainingState(config with { Device = "cpu" }, [2], CPU);
        store.Load(state, step);
        BatchNormRecalibration.Run(state, config);   // as export does: today's statistics convention for a checkpoint of any version
        // The evaluator's latents (StandardNormalLatents): the same seed gives the samples `mmagan-eval toy` scores.
        using var z = tensor(StandardNormalLatents.Sample(seed, n * config.LatentSize), [n, config.LatentSize]);
        return SampleSheet.Generate(state.Generator, z);
    }
}
