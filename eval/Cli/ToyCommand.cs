using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.Shared.Toy;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval toy G.onnx --data ring8|grid25|ring8-pacgan</c>: mode coverage, high-quality fraction and reverse KL of a 2-D generator.</summary>
public static class ToyCommand
{
    public static Command Create()
    {
        var generator = new Argument<string>("G") { Description = "generated side: 2-D toy generator .onnx (output [N,2])" };
        var data = new Option<string>("--data") { Description = "reference side: the mixture, ring8, grid25 or ring8-pacgan", Required = true };
        data.AcceptOnlyFromAmong([.. ToyMixture.Names]);
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => EvaluationDefaults.ToySamples };
        var seed = EvalOptions.Seed();
        var device = EvalOptions.Device();
        var threads = EvalOptions.Threads();
        var json = EvalOptions.Json();
        var samplesOut = new Option<string?>("--samples-out") { Description = "also write the samples as CSV: x, y, nearest_mode, distance_sigma, hq" };
        var command = new Command("toy", "mode coverage and reverse KL of a 2-D toy generator G against its mixture");
        command.Arguments.Add(generator);
        command.AddOptions(data, n, seed, device, threads, json, samplesOut);
        command.SetAction(p =>
        {
            Onnx.OrtSessions.CheckDevice(p.GetValue(device)!);
            return new EvaluationRequest
            {
                Metrics = ["toy"], Generated = p.GetValue(generator)!, Reference = p.GetValue(data)!,
                Seeds = new EvaluationSeeds(p.GetValue(seed)), Settings = new MetricSettings(ToySamples: p.GetValue(n)),
                Reading = new SourceReading(Device: p.GetValue(device)!, Threads: EvalOptions.CheckThreads(p.GetValue(threads))),
            };
        }, (p, _, results) =>
        {
            var (r, mixture, samples) = results.Detail<ToyDetail>("toy");
            if (p.GetValue(samplesOut) is { } csv) ToySampleTable.Write(csv, mixture, samples);
            Console.WriteLine($"{mixture.Name}: modes covered {r.ModesCoveredHq}/{r.ModesTotal} (hq), {r.ModesCovered1pct}/{r.ModesTotal} (≥1%), " +
                $"hq fraction {r.HqFraction.ToString("F4", CultureInfo.InvariantCulture)}, reverse KL {r.ReverseKl.ToString("F4", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        }, before: p => { if (p.GetValue(samplesOut) is { } csvPath) OutputPath.File(csvPath, "--samples-out"); });
        return command;
    }
}
