using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval modes SOURCE [--classifier PATH] [--n 25600] [--json]</c>: how many of Stacked MNIST's 1,000 modes (MNIST's 10)
/// a source covers and the KL divergence of its mode distribution from uniform (<see cref="ModeCoverage"/>), each channel's digit
/// read by the digit classifier (default: the models folder's mnist-classifier.onnx, built by <c>make models</c>).
/// </summary>
public static class ModesCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generated side: generator .onnx, stacked-mnist:PATH or mnist:PATH (real data), image folder, MNIST IDX" };
        var classifier = new Option<string?>("--classifier") { Description = $"digit classifier ONNX (default: models/{ModelPaths.DigitClassifierFile}, built by `make models`)" };
        var modesOut = new Option<string?>("--modes-out") { Description = "also write each mode's sample count as CSV (mode,count)" };
        var sourceOptions = new SourceOptions
        {
            N = new Option<int?>("--n")
            {
                Description = $"samples from a generator (default {EvaluationDefaults.ModeSamples:N0}, PacGAN's) / first N images of a dataset (stacked-mnist: {EvaluationDefaults.ModeSamples:N0} of its reference stream)",
            },
        };
        var json = EvalOptions.Json();
        var command = new Command("modes", "modes covered and KL to uniform of a Stacked MNIST (or MNIST) source, each channel's digit read by the digit classifier");
        command.Arguments.Add(source);
        command.AddOptions([classifier, modesOut, .. sourceOptions.All, json]);
        command.SetAction(p =>
        {
            var n = p.GetValue(sourceOptions.N!);
            return new EvaluationRequest
            {
                Metrics = ["modes"], Generated = p.GetValue(source)!, N = n ?? EvaluationDefaults.ModeSamples, NRef = n,
                FeatureModelPaths = p.GetValue(classifier) is { } c ? new Dictionary<string, string> { [MetricRegistry.DigitClassifier] = c } : new Dictionary<string, string>(),
                Seeds = new EvaluationSeeds(sourceOptions.LatentSeed(p)), Reading = sourceOptions.Reading(p), UseCache = false,
            };
        }, (p, request, results) =>
        {
            var r = results.Detail<ModeCoverageResult>("modes");
            if (p.GetValue(modesOut) is { } csv)
            {
                var digits = (int)Math.Round(Math.Log10(r.ModesTotal));
                AtomicFile.WriteAllText(csv, "mode,count\n" + string.Concat(r.Counts.Select((count, m) => $"{m.ToString($"D{digits}", CultureInfo.InvariantCulture)},{count}\n")));
            }
            Console.WriteLine($"{request.Generated}: {r.ModesCovered}/{r.ModesTotal} modes covered by {r.N:N0} samples, " +
                              $"KL to uniform {r.KlToUniform.ToString("F4", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        }, before: p => { if (p.GetValue(modesOut) is { } csvPath) OutputPath.File(csvPath, "--modes-out"); });
        return command;
    }
}
