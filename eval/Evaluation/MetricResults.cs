using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Eval.Onnx;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// What <see cref="Evaluator.Evaluate"/> gave: one <see cref="MetricOutcome"/> per metric asked for (in the order asked),
/// which sides were scored, the generator's metadata, the models run, the wall-clock seconds, and the evaluation's own
/// settings with their caveats against the published protocol (<see cref="EvaluationSettings"/>).
/// </summary>
public sealed record MetricResults(IReadOnlyList<MetricOutcome> Outcomes, string? Generated, string? Reference,
    IReadOnlyDictionary<string, string> GeneratorMetadata, IReadOnlyList<ModelUse> Models, double Seconds)
{
    /// <summary>The settings of the whole evaluation that change its numbers (<see cref="Shared.Metrics.MetricRegistry.EvaluationSettings"/> order; null: does not apply).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Settings { get; init; } = [];

    /// <summary>How the evaluation differs from the published protocol, and which metrics that affects (empty: comparable as it stands).</summary>
    public IReadOnlyList<Caveat> Caveats { get; init; } = [];

    /// <summary>The value of the evaluation setting <paramref name="key"/> (null when it does not apply).</summary>
    public object? Setting(string key) => Settings.FirstOrDefault(s => s.Key == key).Value;

    /// <summary>The outcome of <paramref name="metric"/> (a registry name), or null when it was not asked for.</summary>
    public MetricOutcome? Find(string metric) => Outcomes.FirstOrDefault(o => o.Metric.Name == metric);

    public MetricOutcome this[string metric] => Find(metric) ?? throw new KeyNotFoundException($"metric {metric} was not evaluated");

    /// <summary>The full result of <paramref name="metric"/> (FrechetResult, KidResult, …).</summary>
    public T Detail<T>(string metric) => (T)this[metric].Detail;

    /// <summary>Every metric's values, metric by metric in the order asked, each in its registry order.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Values => Outcomes.SelectMany(o => o.Values);

    /// <summary>The value of <paramref name="key"/> as a number (null when absent or not a number).</summary>
    public double? Number(string key) => Values.FirstOrDefault(v => v.Key == key).Value switch
    {
        double d => d,
        int i => i,
        long l => l,
        uint u => u,
        _ => null,
    };

    /// <summary>The report's <c>comparable</c> column: whether every model run was built from the official weights.</summary>
    public string Comparable => FeatureModelProvenance.Column([.. Models.Select(m => m.Provenance)]);
}
