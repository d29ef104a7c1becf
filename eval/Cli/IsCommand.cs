using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval is SOURCE</c>: Inception Score as torch-fidelity defines it (logits_unbiased, 10 splits,
/// RandomState(2020) shuffle). SOURCE may also be a .npy of logits [N, classes].</summary>
public static class IsCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generated side: generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, or logits .npy [N,classes]" };
        var inception = EvalOptions.Inception();
        var metricOptions = new MetricOptions(["is"], own: true);
        var sourceOptions = new SourceOptions();
        var json = EvalOptions.Json();
        var command = new Command("is", "Inception Score of SOURCE (torch-fidelity compatible)");
        command.Arguments.Add(source);
        command.AddOptions([inception, .. metricOptions.All, .. sourceOptions.All, json]);
        command.SetAction(p =>
        {
            var n = p.GetValue(sourceOptions.N!);
            return new EvaluationRequest
            {
                Metrics = ["is"], Generated = p.GetValue(source)!, FeatureModel = new FeatureModelChoice(Path: p.GetValue(inception)),
                N = n, NRef = n, Seeds = metricOptions.Seeds(p, sourceOptions.LatentSeed(p)), Settings = metricOptions.Settings(p),
                Reading = sourceOptions.Reading(p), UseCache = false,
            };
        }, (p, _, results) =>
        {
            var r = results.Detail<InceptionScoreResult>("is");
            Console.WriteLine($"IS: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} ± {r.Std.ToString("R", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        });
        return command;
    }
}
