using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval lpips SOURCE</c>: sample diversity as the mean LPIPS distance over pairs of samples.</summary>
public static class LpipsCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generated side: generator .onnx, image folder, CIFAR-10 .bin or MNIST IDX" };
        var lpips = EvalOptions.Lpips();
        var metricOptions = new MetricOptions(["lpips"], own: true);
        var sourceOptions = new SourceOptions
        {
            N = new Option<int?>("--n") { Description = $"samples from a generator (default {EvaluationDefaults.LpipsGeneratorSamples}) / first N images of a dataset" },
        };
        var json = EvalOptions.Json();
        var command = new Command("lpips", "LPIPS diversity of SOURCE (mean pairwise LPIPS distance)");
        command.Arguments.Add(source);
        command.AddOptions([lpips, .. metricOptions.All, .. sourceOptions.All, json]);
        command.SetAction(p =>
        {
            var path = p.GetValue(source)!;
            var n = p.GetValue(sourceOptions.N!);
            return new EvaluationRequest
            {
                Metrics = ["lpips"], Generated = path, LpipsModel = p.GetValue(lpips),
                N = n ?? (SourceFeatures.IsGenerator(path) ? EvaluationDefaults.LpipsGeneratorSamples : null), NRef = n,
                Seeds = metricOptions.Seeds(p, sourceOptions.LatentSeed(p)), Settings = metricOptions.Settings(p), Reading = sourceOptions.Reading(p),
            };
        }, (p, _, results) =>
        {
            var r = results.Detail<LpipsDiversityResult>("lpips");
            Console.WriteLine($"LPIPS diversity: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} over {r.Pairs} pairs");
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        });
        return command;
    }
}
