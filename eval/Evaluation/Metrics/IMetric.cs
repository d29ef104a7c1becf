using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>
/// A metric as <see cref="Evaluator"/> runs it: a pure function of what its <see cref="Descriptor"/> says it consumes
/// (statistics, features, logits, images), prepared by the evaluator in one pass per source. Each implementation is
/// one file in this folder and is found by <see cref="MetricImplementations"/>; its descriptor is a line in <see cref="MetricRegistry"/>.
/// </summary>
public interface IMetric
{
    MetricDescriptor Descriptor { get; }

    /// <summary>Refuses settings that are wrong whatever the data (before anything is read); one line naming the flag.</summary>
    void Check(EvaluationRequest request);

    /// <summary>The metric's values, in the order of <see cref="MetricDescriptor.Keys"/>, and its full result.</summary>
    MetricOutcome Compute(EvaluationInputs inputs, CancellationToken cancellation);
}

/// <summary>
/// What one metric gave: a value for each of its descriptor's keys (numbers, a string setting, or null when a setting
/// does not apply), in the descriptor's order, and its full typed result (<see cref="Detail"/>) for the commands' prose.
/// </summary>
public sealed record MetricOutcome(MetricDescriptor Metric, IReadOnlyList<KeyValuePair<string, object?>> Values, object Detail)
{
    /// <summary>An outcome whose values are given in the descriptor's key order (a mismatch is a programming error).</summary>
    public static MetricOutcome Of(MetricDescriptor metric, object detail, params (string Key, object? Value)[] values)
    {
        if (!values.Select(v => v.Key).SequenceEqual(metric.Keys.Select(k => k.Key)))
            throw new InvalidOperationException($"{metric.Name}: values [{string.Join(",", values.Select(v => v.Key))}] do not match the registry's keys [{string.Join(",", metric.Keys.Select(k => k.Key))}]");
        return new MetricOutcome(metric, values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)).ToList(), detail);
    }

    /// <summary>The value of <paramref name="key"/>.</summary>
    public object? this[string key] => Values.First(v => v.Key == key).Value;
}
