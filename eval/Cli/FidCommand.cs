using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval fid A B</c>: Fréchet Inception Distance between two sources (stats .npz, image folder,
/// CIFAR-10 .bin, MNIST IDX or generator .onnx). Two .npz files need no model.</summary>
public static class FidCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "stats .npz, image folder, CIFAR-10 .bin, MNIST IDX or generator .onnx" };
        var b = new Argument<string>("B") { Description = "the same kinds as A" };
        var inception = EvalOptions.Inception();
        var sourceOptions = new SourceOptions();
        var json = EvalOptions.Json();
        var command = new Command("fid", "Fréchet Inception Distance between two sources (pytorch-fid compatible)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([inception, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var settings = sourceOptions.Read(p);
            var progress = ProgressReporter.ForConsole();
            InceptionModel? model = null;
            try
            {
                InceptionModel Model() => model ??= settings.Inception(p.GetValue(inception));
                var pathA = p.GetValue(a)!;
                var pathB = p.GetValue(b)!;
                // Check both arguments (and the model) before scoring either.
                using var preparedA = SourceStatistics.Prepare(pathA, settings);
                using var preparedB = SourceStatistics.Prepare(pathB, settings);
                if (preparedA.Stats is { } fa && preparedB.Stats is { } fb && fa.Dimension != fb.Dimension) Compute(pathA, fa, pathB, fb);
                if (preparedA.NeedsModel || preparedB.NeedsModel)
                    foreach (var prepared in new[] { preparedA, preparedB }) SourceStatistics.CheckDimension(prepared, Model());
                var sa = SourceStatistics.Compute(preparedA, Model, settings, progress, ct);
                var sb = SourceStatistics.Compute(preparedB, Model, settings, progress, ct);
                var fid = Compute(pathA, sa, pathB, sb);
                Console.WriteLine($"FID: {fid.Fid.ToString("R", CultureInfo.InvariantCulture)}" + (fid.UsedEpsilonOffset ? " (singular product: ε·I added to both covariances)" : ""));
                if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["fid"] = fid.Fid });
                return CliRunner.Ok;
            }
            finally { model?.Dispose(); }
        }));
        return command;
    }

    public static FrechetResult Compute(string nameA, FeatureStats a, string nameB, FeatureStats b)
    {
        if (a.Dimension != b.Dimension)
            throw new InputException($"{nameA}: {a.Dimension}-d statistics cannot be compared with {nameB}: {b.Dimension}-d statistics");
        try { return FrechetDistance.ComputeDetailed(a.Mu, a.Sigma, b.Mu, b.Sigma); }
        catch (ArgumentException e) { throw new InputException($"{nameA} vs {nameB}: {e.Message}"); }
    }
}
