using System.Globalization;
using MmaGan.Shared.Metrics;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// What every run's evaluation shares, made once per results folder before the first run: the feature models (given in the
/// config, or built from weight files into OUT/models) and the FID reference statistics per dataset (given, or computed
/// into OUT/reference/DATASET.npz). Immutable once prepared, so concurrent runs read it without locking.
/// </summary>
/// <param name="ImageSize">The side <c>images:DIR</c> datasets are read at (the trainer's <c>--image-size</c>), or null for the default.</param>
public sealed record EvalAssets(string? Inception, string? Lpips, IReadOnlyDictionary<string, string> ReferenceStats, string Root = "", int? ImageSize = null)
{
    /// <summary>The digit classifier of "modes" and "fd-classifier" (the config's eval.classifier, else the models folder's).</summary>
    public string Classifier { get; init; } = Shared.Models.ModelsFolder.FileIn("mnist-classifier.onnx");

    /// <summary>The dataset itself as a reference source, its spec as the trainer reads it (kid and prdc need its features; the evaluator caches them).</summary>
    public string DatasetReference(string dataset) => ExperimentConfig.ResolvedSpec(dataset, Root);

    /// <summary>The reference statistics (.npz) of <paramref name="dataset"/>.</summary>
    public string ReferenceFor(string dataset) => ReferenceStats.TryGetValue(dataset, out var path)
        ? path : throw new InvalidOperationException($"no reference statistics prepared for {dataset}");

    /// <summary>
    /// The assets as <see cref="Prepare"/> will make them, without making anything (for <see cref="ArgumentPreflight"/>):
    /// models given or to be built in OUT/models, reference statistics given or to be computed in OUT/reference.
    /// </summary>
    public static EvalAssets ForPreflight(ExperimentConfig config, string outDir, string root)
    {
        var eval = config.Eval;
        string R(string path) => ExperimentConfig.Resolve(path, root);
        var inception = eval.BuildModels?.FidWeights is not null ? Path.Combine(outDir, "models", "fid-inception.onnx") : eval.Inception is { } i ? R(i) : null;
        var lpips = eval.BuildModels?.LpipsTrunk is not null ? Path.Combine(outDir, "models", "lpips.onnx") : eval.Lpips is { } l ? R(l) : null;
        var stats = config.Datasets.Where(d => !ExperimentConfig.IsToy(d)).ToDictionary(d => d,
            d => eval.ReferenceStats is { } given ? R(given) : Path.Combine(outDir, "reference", $"{Shared.Datasets.ImageDataSpec.TryParse(d)!.Kind}.npz"));
        return new EvalAssets(inception, lpips, stats, root, config.Train.ImageSize);
    }

    public static EvalAssets Prepare(ExperimentConfig config, ToolLocator tools, string outDir, IReadOnlyList<RunSpec> runs, CancellationToken cancel)
    {
        var eval = config.Eval;
        string R(string path) => ExperimentConfig.Resolve(path, tools.Root);
        var models = Path.Combine(outDir, "models");
        var inception = eval.Inception is { } i ? R(i) : null;
        var lpips = eval.Lpips is { } l ? R(l) : null;
        var metrics = EvaluatorArguments.Metrics(eval);
        if (eval.BuildModels?.FidWeights is { } w && metrics.Any(m => m.NeedsFeatureModel && m.FeatureSpace is null))
        {
            inception = Path.Combine(models, "fid-inception.onnx");
            if (!File.Exists(inception))
                Check(ChildProcess.Run(tools.Eval, ["models", "build-fid", "--weights", R(w), "--out", inception],
                    Path.Combine(models, "build-fid.log"), cancel), "building the FID Inception model");
        }
        if (eval.BuildModels is { LpipsTrunk: { } trunk, LpipsLin: { } lin } && metrics.Any(m => m.Generated == MetricInput.ImagePairs))
        {
            lpips = Path.Combine(models, "lpips.onnx");
            if (!File.Exists(lpips))
                Check(ChildProcess.Run(tools.Eval, ["models", "build-lpips", "--trunk", R(trunk), "--lin", R(lin), "--out", lpips],
                    Path.Combine(models, "build-lpips.log"), cancel), "building the LPIPS model");
        }
        var referenceStats = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metrics.Any(m => m.Reference == MetricInput.Statistics && m.FeatureSpace is null))   // Inception statistics (fd-classifier reads the dataset)
            foreach (var dataset in runs.Select(r => r.Dataset).Distinct())
            {
                if (eval.ReferenceStats is { } given) { referenceStats[dataset] = R(given); continue; }
                var stats = Path.Combine(outDir, "reference", $"{Shared.Datasets.ImageDataSpec.TryParse(dataset)!.Kind}.npz");
                if (!File.Exists(stats))
                {
                    // The data spec as the trainer reads it, so the statistics describe what the generator was trained on:
                    // MNIST padded to 32, images: cropped to --image-size.
                    var spec = ExperimentConfig.ResolvedSpec(dataset, tools.Root);
                    var args = new List<string> { "stats", spec, "--out", stats, "--device", eval.Device };
                    if (config.Train.ImageSize is { } size) args.AddRange(["--image-size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    if (inception is not null) args.AddRange(["--inception", inception]);
                    if (eval.ReferenceSamples is { } n) args.AddRange(["--n", n.ToString(CultureInfo.InvariantCulture)]);
                    Check(ChildProcess.Run(tools.Eval, args, Path.Combine(outDir, "reference", "stats.log"), cancel), "computing reference statistics");
                }
                referenceStats[dataset] = stats;
            }
        return new EvalAssets(inception, lpips, referenceStats, tools.Root, config.Train.ImageSize)
        {
            Classifier = R(eval.Classifier ?? Shared.Models.ModelsFolder.FileIn("mnist-classifier.onnx")),
        };
    }

    /// <summary>A step the evaluator refused (exit 2: unreadable data, a bad weights file) is the config's bad input: one line
    /// with the evaluator's own reason, exit 2. An interrupted one is an interruption; any other failure is unexpected.</summary>
    static void Check(ProcessOutcome outcome, string what)
    {
        if (outcome.ExitCode == 0) return;
        var reason = outcome.ErrorLine.StartsWith("error: ", StringComparison.Ordinal) ? outcome.ErrorLine["error: ".Length..] : outcome.ErrorLine;
        throw outcome.ExitCode switch
        {
            Shared.Cli.CliRunner.BadInput => new Shared.IO.InputException($"{what} failed: {reason}"),
            Shared.Cli.CliRunner.Interrupted => new OperationCanceledException($"{what} was interrupted"),
            _ => new InvalidOperationException($"{what} failed: {reason}"),
        };
    }
}
