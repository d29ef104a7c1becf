using System.Globalization;
using MmaGan.Shared.Metrics;

namespace MmaGan.Bench.Sweep;

/// <summary>One evaluator process of a run: its log name, the metrics it reports (their JSON keys are read through the
/// registry) and its command line.</summary>
public sealed record EvaluatorCall(string Name, IReadOnlyList<MetricDescriptor> Metrics, List<string> Args);

/// <summary>
/// The <c>mmagan-eval</c> command lines that score one run's generator.onnx with the config's eval settings: <c>toy</c> for
/// the 2-D mixtures; otherwise one <c>run</c> pass for every image metric (one pass of the same samples gives the
/// features, statistics, logits and the LPIPS pairs). Only what the config sets is passed: every other setting is the
/// evaluator's own default (<see cref="EvaluationDefaults"/>), never restated here.
/// </summary>
public static class EvaluatorArguments
{
    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The config's metrics as registry entries, in the config's order.</summary>
    public static IReadOnlyList<MetricDescriptor> Metrics(EvalSpec e) =>
        [.. e.Metrics.Select(m => MetricRegistry.Find(m) ?? throw new ArgumentException($"unknown metric {m}"))];

    /// <summary>The evaluator calls that score the run: <c>toy</c> for the toy metric, one <c>run</c> for all the others.</summary>
    public static List<EvaluatorCall> For(EvalSpec e, EvalAssets assets, RunSpec run, string onnx, string reportCsv)
    {
        var metrics = Metrics(e);
        var calls = new List<EvaluatorCall>();
        if (metrics.FirstOrDefault(m => m.Generated == MetricInput.ToySamples) is { } toy)
        {
            var args = new List<string> { "toy", onnx, "--data", run.Dataset };
            if (e.ToySamples is { } n) args.AddRange(["--n", I(n)]);
            calls.Add(new EvaluatorCall("toy", [toy], [.. args, "--json"]));
        }
        var images = metrics.Where(m => m.Generated != MetricInput.ToySamples).ToList();
        if (images.Count > 0) calls.Add(new EvaluatorCall("run", images, Run(e, images, assets, run, onnx, reportCsv)));
        return calls;
    }

    /// <summary><c>mmagan-eval run</c> for <paramref name="metrics"/>, one row appended to <paramref name="reportCsv"/>.</summary>
    static List<string> Run(EvalSpec e, IReadOnlyList<MetricDescriptor> metrics, EvalAssets assets, RunSpec run, string onnx, string reportCsv)
    {
        var args = new List<string> { "run", "--generator", onnx, "--metrics", string.Join(",", metrics.Select(m => m.Name)) };
        // Metrics that read the reference's features (kid, prdc) or work in a feature space of their own (fd-classifier) take
        // the dataset itself (the evaluator caches its features); the others its Inception statistics, computed once per sweep.
        var byFeatures = metrics.Any(m => m.Reference == MetricInput.Features || (m.NeedsReference && m.FeatureSpace is not null));
        if (metrics.Any(m => m.NeedsReference))
            args.AddRange(["--reference", byFeatures ? assets.DatasetReference(run.Dataset) : assets.ReferenceFor(run.Dataset)]);
        if (byFeatures && e.ReferenceSamples is { } nRef) args.AddRange(["--n-ref", I(nRef)]);
        if (byFeatures && assets.ImageSize is { } size) args.AddRange(["--image-size", I(size)]);
        if (e.Samples is { } n) args.AddRange(["--n", I(n)]);
        if (e.IsSplits is { } splits) args.AddRange(["--is-splits", I(splits)]);
        if (e.LpipsPairs is { } pairs) args.AddRange(["--lpips-pairs", I(pairs)]);
        if (e.LpipsPairing is { } pairing) args.AddRange(["--lpips-pairing", pairing]);
        if (assets.Inception is not null) args.AddRange(["--inception", assets.Inception]);
        if (assets.Lpips is not null) args.AddRange(["--lpips", assets.Lpips]);
        if (metrics.Any(m => m.FeatureSpace == MetricRegistry.DigitClassifier)) args.AddRange(["--classifier", assets.Classifier]);
        args.AddRange(["--out", reportCsv, "--device", e.Device, "--json"]);
        return args;
    }
}
