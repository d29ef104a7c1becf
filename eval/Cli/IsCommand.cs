using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval is SOURCE</c>: Inception Score as torch-fidelity defines it (logits_unbiased, 10 splits,
/// RandomState(2020) shuffle). SOURCE may also be a .npy of logits [N, classes].</summary>
public static class IsCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "image folder, CIFAR-10 .bin, MNIST IDX, generator .onnx, or logits .npy [N,classes]" };
        var inception = EvalOptions.Inception();
        var splits = new Option<int>("--splits") { Description = "number of splits", DefaultValueFactory = _ => 10 };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "do not apply torch-fidelity's RandomState(2020) permutation" };
        var sourceOptions = new SourceOptions();
        var json = EvalOptions.Json();
        var command = new Command("is", "Inception Score (torch-fidelity compatible)");
        command.Arguments.Add(source);
        command.AddOptions([inception, splits, noShuffle, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var runner = new SourceRunner(sourceOptions.Read(p));
            var path = p.GetValue(source)!;
            float[] logits;
            int count, classes;
            if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                var a = Npy.Read(path);
                if (a.Shape.Length != 2) throw InputException.ForFile(path, $"logits must be [N, classes], got ({string.Join(",", a.Shape)})");
                (logits, count, classes) = (a.AsFloat(), (int)a.Shape[0], (int)a.Shape[1]);
            }
            else
            {
                using var src = runner.Open(path);
                using var model = runner.Inception(p.GetValue(inception));
                var r = runner.Extract(path, src, model, ProgressReporter.ForConsole(), ct, wantLogits: true);
                (logits, count, classes) = (r.Logits!, r.Count, r.LogitsSize!.Value);
            }
            var result = Compute(path, logits, count, classes, p.GetValue(splits), !p.GetValue(noShuffle));
            Console.WriteLine($"IS: {result.Mean.ToString("R", CultureInfo.InvariantCulture)} ± {result.Std.ToString("R", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["is_mean"] = result.Mean, ["is_std"] = result.Std });
            return CliRunner.Ok;
        }));
        return command;
    }

    public static InceptionScoreResult Compute(string name, float[] logits, int count, int classes, int splits, bool shuffle)
    {
        if (count < 2) throw InputException.ForFile(name, $"Inception Score needs at least 2 samples, got {count}");
        if (splits < 1 || splits > count) throw new InputException($"--splits {splits}: must be between 1 and the sample count {count}");
        var bad = logits.AsSpan(0, count * classes).ToArray().Count(v => !float.IsFinite(v));
        if (bad > 0) throw InputException.ForFile(name, $"{bad} logits are NaN or infinite");
        return InceptionScore.Compute(logits, count, classes, splits, shuffle);
    }
}
