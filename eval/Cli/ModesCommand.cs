using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval modes SOURCE [--classifier PATH] [--n 25600] [--json]</c>: how many of Stacked MNIST's 1,000 modes (MNIST's 10)
/// a source covers, and the KL divergence of its mode distribution from uniform (<see cref="ModeCoverage"/>), each channel's digit
/// read by the digit classifier (<see cref="DigitClassifierModel"/>; default: the models folder's mnist-classifier.onnx).
/// </summary>
public static class ModesCommand
{
    /// <summary>PacGAN's evaluation size for Stacked MNIST: 25,600 samples.</summary>
    public const int DefaultGeneratorSamples = 25_600;

    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generator .onnx, stacked-mnist:PATH or mnist:PATH (real data), image folder, MNIST IDX" };
        var classifier = new Option<string?>("--classifier") { Description = $"digit classifier ONNX (default: models/{ModelPaths.DigitClassifierFile}, built by `make models`)" };
        var digits = new Option<int?>("--digits") { Description = "digits per image: 3 (Stacked MNIST: one per channel) or 1 (MNIST); default: 1 for gray sources, else 3" };
        var modesOut = new Option<string?>("--modes-out") { Description = "also write each mode's sample count as CSV (mode,count)" };
        var sourceOptions = new SourceOptions
        {
            N = new Option<int?>("--n") { Description = $"samples from a generator (default {DefaultGeneratorSamples:N0}, PacGAN's) / first N images of a dataset (stacked-mnist: 25,600 of its reference stream)" },
            Batch = EvalOptions.Batch(128),
        };
        var json = EvalOptions.Json();
        var command = new Command("modes", "modes covered and KL to uniform of a Stacked MNIST (or MNIST) source, digits read by the digit classifier");
        command.Arguments.Add(source);
        command.AddOptions([classifier, digits, modesOut, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var runner = new SourceRunner(sourceOptions.Read(p));
            var path = p.GetValue(source)!;
            if (p.GetValue(digits) is { } dg && dg is not (1 or 3)) throw new InputException($"--digits {dg}: expected 1 or 3");
            if (p.GetValue(modesOut) is { } csvPath) OutputPath.File(csvPath, "--modes-out");
            var modelPath = ModelPaths.Resolve(p.GetValue(classifier), ModelPaths.DigitClassifierFile, "--classifier");
            var count = runner.Settings.N ?? (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? DefaultGeneratorSamples : null);
            using var model = new DigitClassifierModel(modelPath, runner.Settings.Device, runner.Settings.Threads);
            using var src = runner.Open(path, count);
            var progress = ProgressReporter.ForConsole();
            progress.Plan($"{src.Count} images from {SourceRunner.Label(path)} through {SourceRunner.Label(modelPath)} on {runner.Settings.Device}, batch {runner.Settings.Batch}");
            var pass = progress.Track(SourceRunner.Label(path), src.Count, "images",
                pr => DigitClassifierPass.Run(src, model, runner.Settings.Batch, p.GetValue(digits), progress: pr, cancellation: ct));
            var r = ModeCoverage.FromDigits(pass.Classes, pass.Count, pass.Digits);
            if (p.GetValue(modesOut) is { } csv)
                AtomicFile.WriteAllText(csv, "mode,count\n" + string.Concat(r.Counts.Select((c, m) => $"{m.ToString($"D{pass.Digits}", CultureInfo.InvariantCulture)},{c}\n")));
            var agreement = pass.LabelMatches is { } matches ? (double)matches / pass.Count : (double?)null;
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"{path}: {r.ModesCovered}/{r.ModesTotal} modes covered by {r.N:N0} samples, KL to uniform {r.KlToUniform.ToString("F4", inv)}" +
                              (agreement is { } a ? $"; classifier agrees with the labels on {(100 * a).ToString("F2", inv)}% of samples" : ""));
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["n"] = r.N, ["modes_total"] = r.ModesTotal, ["modes_covered"] = r.ModesCovered, ["kl_to_uniform"] = r.KlToUniform,
                    ["digits"] = pass.Digits, ["label_agreement"] = agreement, ["classifier"] = modelPath, ["seed"] = runner.Settings.Seed,
                });
            return CliRunner.Ok;
        }));
        return command;
    }
}
