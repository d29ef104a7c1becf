using System.Diagnostics;
using MmaGan.Eval.Evaluation;
using MmaGan.Shared.Metrics;
using MmaGan.Train.Config;
using MmaGan.Train.Training;

namespace MmaGan.Train.Evaluation;

/// <summary>
/// Image metrics during training (<c>--eval-every N --eval-metrics fid,…</c>), as StudioGAN logs FID while it trains: the
/// generator is exported to a temporary ONNX in the run folder (<see cref="TemporaryFile"/>, after the batch-norm refresh
/// every export gets, and with the export's parity check), scored in process by the evaluator's library
/// (<see cref="Evaluator.Evaluate"/>: the same request <c>mmagan-eval run --generator G --n N --reference DATA --n-ref N_REF
/// --metrics …</c> makes), and deleted. Each evaluation draws the evaluator's latents of seed 42, so every row scores the same
/// latents and the last row is what the evaluator reports for the exported <c>generator.onnx</c>. The reference is the
/// training data unless <c>--eval-reference</c> names another source; its features are cached by the evaluator's feature
/// cache, so only the first evaluation extracts them.
/// </summary>
public sealed class TrainingEvaluator(TrainConfig config, string? cacheFolder = null, ProgressReporter? progress = null)
{
    /// <summary>The temporary generator in the run folder, deleted after each evaluation.</summary>
    public const string TemporaryFile = ".eval-generator.onnx";

    /// <summary>The metric names asked for, in order.</summary>
    public IReadOnlyList<string> Metrics { get; } = config.EvalMetricNames();

    /// <summary>The metrics.csv columns after <c>step</c>: every result key of each metric (<see cref="MetricDescriptor.Results"/>), in order.</summary>
    public IReadOnlyList<string> Columns => [.. Metrics.SelectMany(m => MetricRegistry.Find(m)!.Results.Select(k => k.Key))];

    /// <summary>Whether <paramref name="step"/> is scored: every <see cref="TrainConfig.EvalEvery"/> steps and the last.</summary>
    public bool IsDue(long step, long totalSteps) => config.EvalEvery > 0 && step > 0 && (step % config.EvalEvery == 0 || step == totalSteps);

    /// <summary>The evaluator's request for the generator at <paramref name="generator"/>.</summary>
    public EvaluationRequest Request(string generator)
    {
        var n = config.EvalN;
        // LPIPS as `run` pairs it: P = min(1000, N/2) pairs of the first 2·P samples.
        var pairs = Math.Min(EvaluationDefaults.LpipsPairs, n / 2);
        return new EvaluationRequest
        {
            Metrics = Metrics, Generated = generator, Reference = config.EvalReference ?? config.Data,
            FeatureModel = new FeatureModelChoice(Path: config.EvalFeatureModel),
            N = n, NRef = config.EvalNRef ?? n,
            Settings = new MetricSettings(LpipsPairs: pairs, LpipsSamples: 2 * pairs, PrdcMaxSamples: EvaluationDefaults.RunPrdcMaxSamples),
            Reading = new SourceReading(Threads: config.EffectiveThreads(toy: false), ImageSize: config.ImageSize),
            CacheFolder = cacheFolder,
        };
    }

    /// <summary>Checks the evaluation before training starts (metric names, reference, model files), so that a missing
    /// Inception fails in one line before the first step rather than at step N.</summary>
    public void Validate(string runDir) => Evaluator.Validate(Request(Path.Combine(runDir, TemporaryFile)), generatedMayBeMissing: true);

    /// <summary>Exports <paramref name="state"/>'s generator (its batch-norm statistics refreshed by the caller) and scores it;
    /// the values in <see cref="Columns"/> order (NaN where a metric gave none) and the seconds it took.</summary>
    public (double[] Values, MetricResults Results, double Seconds) Evaluate(TrainingState state, string runDir, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(runDir, TemporaryFile);
        try
        {
            Export.TrainingStateExport.Export(state, path);
            var results = Evaluator.Evaluate(Request(path), progress, cancel);
            return ([.. Columns.Select(c => results.Number(c) ?? double.NaN)], results, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>"FID ↓ 123.4  IS ↑ 2.345": the logged values with the registry's labels, 4 significant digits.</summary>
    public string Summary(IReadOnlyList<double> values) =>
        string.Join("  ", Columns.Select((c, i) => $"{MetricRegistry.FindKey(c)?.Display ?? c} {Comparison.SignificantDigits.Format(values[i])}"));
}
