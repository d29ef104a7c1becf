using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>Inception Score of the generated side's logits, as torch-fidelity's <c>isc_features_to_metric</c> (<see cref="InceptionScore"/>).</summary>
public sealed class InceptionScoreMetric : IMetric
{
    public MetricDescriptor Descriptor => MetricRegistry.InceptionScore;

    public void Check(EvaluationRequest request)
    {
        if (request.Settings.IsSplits is < 1 and var s) throw new InputException($"--is-splits {s}: must be at least 1");
    }

    public MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation)
    {
        var logits = inputs.GeneratedData(Descriptor).Logits!;
        var settings = inputs.Request.Settings;
        var splits = settings.IsSplits ?? Math.Min(EvaluationDefaults.IsSplits, logits.Rows);
        var seed = inputs.Request.Seeds.IsShuffle;
        var r = Score(inputs.Generated, logits, splits, settings.IsShuffle, seed);
        return MetricOutcome.Of(Descriptor, r, ("is_mean", r.Mean), ("is_std", r.Std), ("is_splits", splits), ("is_seed", settings.IsShuffle ? seed : null));
    }

    static InceptionScoreResult Score(string name, LogitsMatrix logits, int splits, bool shuffle, uint seed)
    {
        if (logits.Rows < 2) throw InputException.ForFile(name, $"Inception Score needs at least 2 samples, got {logits.Rows}");
        if (splits > logits.Rows) throw new InputException($"--is-splits {splits}: must be between 1 and the sample count {logits.Rows}");
        var bad = NonFinite.Count(logits.Data.AsSpan(0, logits.Rows * logits.Classes));
        if (bad > 0) throw InputException.ForFile(name, $"{bad} logits are NaN or infinite");
        return InceptionScore.Compute(logits.Data, logits.Rows, logits.Classes, splits, shuffle, seed);
    }
}
