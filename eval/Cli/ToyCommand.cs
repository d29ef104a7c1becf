using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Toy;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval toy G.onnx --data ring8|grid25|ring8-pacgan</c>: mode coverage, high-quality fraction and reverse KL of a 2-D generator.</summary>
public static class ToyCommand
{
    public static Command Create()
    {
        var generator = new Argument<string>("G") { Description = "2-D toy generator .onnx (output [N,2])" };
        var data = new Option<string>("--data") { Description = "ring8, grid25 or ring8-pacgan", Required = true };
        data.AcceptOnlyFromAmong(ToyMixture.Names);
        var n = new Option<int>("--n") { Description = "samples", DefaultValueFactory = _ => ToyMetrics.DefaultSamples };
        var seed = EvalOptions.Seed();
        var device = EvalOptions.Device();
        var threads = EvalOptions.Threads();
        var json = EvalOptions.Json();
        var samplesOut = new Option<string?>("--samples-out") { Description = "also write the samples as CSV: x, y, nearest_mode, distance_sigma, hq" };
        var command = new Command("toy", "mode coverage and reverse KL of a 2-D toy generator");
        command.Arguments.Add(generator);
        command.AddOptions(data, n, seed, device, threads, json, samplesOut);
        command.SetAction(p => CliRunner.Run(_ =>
        {
            OrtSessions.CheckDevice(p.GetValue(device)!);
            var path = p.GetValue(generator)!;
            var count = p.GetValue(n);
            if (count < 1) throw new InputException($"--n must be positive, got {count}");
            if (p.GetValue(samplesOut) is { } csvPath) OutputPath.File(csvPath, "--samples-out");
            using var g = OnnxGenerator.Open(path, EvalOptions.CheckThreads(p.GetValue(threads)), p.GetValue(device)!);
            if (g.SampleShape is not [2]) throw InputException.ForFile(path, $"a toy generator outputs [N,2]; this one outputs [N,{string.Join(",", g.SampleShape)}]");
            var samples = g.Run(StandardNormalLatents.Sample(p.GetValue(seed), count * g.LatentSize), count);
            var bad = samples.Count(v => !float.IsFinite(v));
            if (bad > 0) throw InputException.ForFile(path, $"generator output has {bad} NaN/infinite values in {count} samples");
            var mixture = ToyMixture.Get(p.GetValue(data)!);
            var r = ToyMetrics.Compute(mixture, samples);
            if (p.GetValue(samplesOut) is { } csv) ToySampleTable.Write(csv, mixture, samples);
            Console.WriteLine($"{p.GetValue(data)}: modes covered {r.ModesCoveredHq}/{r.ModesTotal} (hq), {r.ModesCovered1pct}/{r.ModesTotal} (≥1%), " +
                $"hq fraction {r.HqFraction.ToString("F4", CultureInfo.InvariantCulture)}, reverse KL {r.ReverseKl.ToString("F4", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["n"] = r.N, ["modes_total"] = r.ModesTotal, ["modes_covered_hq"] = r.ModesCoveredHq,
                    ["modes_covered_1pct"] = r.ModesCovered1pct, ["hq_fraction"] = r.HqFraction, ["reverse_kl"] = r.ReverseKl,
                });
            return CliRunner.Ok;
        }));
        return command;
    }
}
