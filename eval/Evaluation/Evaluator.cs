using System.Diagnostics;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// The evaluator's one entry point: <c>Evaluate(request) → MetricResults</c>. The chain from input to number reads as
/// pytorch-fid's does: check every input (<see cref="EvaluationInputs.Open"/>), run each source once through each
/// feature model its metrics need (<see cref="EvaluationInputs.Prepare"/>, with the feature cache for datasets), then
/// each metric as a function of those features, statistics or logits. Every command of <c>mmagan-eval</c> that scores
/// something is a thin adapter over this: parse its flags into an <see cref="EvaluationRequest"/>, evaluate, print.
/// </summary>
public static class Evaluator
{
    public static MetricResults Evaluate(EvaluationRequest request, ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        using var inputs = EvaluationInputs.Open(request, progress ?? ProgressReporter.None);
        inputs.Prepare(cancellation);
        var outcomes = inputs.Metrics.Select(m => m.Compute(inputs, cancellation)).ToList();
        var models = inputs.ModelsUsed;
        var (settings, caveats) = EvaluationSettings.Of(inputs, models);
        return new MetricResults(outcomes, inputs.Request.Generated, inputs.Request.Reference, inputs.GeneratorMetadata, models, clock.Elapsed.TotalSeconds)
            { Settings = settings, Caveats = caveats };
    }

    /// <summary>
    /// Checks <paramref name="request"/> without scoring anything: the checks <see cref="Evaluate"/> makes first. With
    /// <paramref name="generatedMayBeMissing"/>, a generator that is not there yet passes (a sweep checks its evaluations
    /// before training); with <paramref name="openSources"/> false, only the names, settings, kinds and model files are checked.
    /// </summary>
    public static void Validate(EvaluationRequest request, bool generatedMayBeMissing = false, bool openSources = true)
    {
        using var _ = EvaluationInputs.Open(request, ProgressReporter.None, generatedMayBeMissing, openSources);
    }
}
