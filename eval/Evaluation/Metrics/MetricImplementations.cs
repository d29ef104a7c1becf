using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation.Metrics;

/// <summary>
/// The <see cref="IMetric"/> of every <see cref="MetricRegistry"/> entry, found in this assembly (so a new metric is its
/// one file here plus its registry line; a test checks that each entry has exactly one implementation).
/// </summary>
public static class MetricImplementations
{
    static readonly Lazy<IReadOnlyDictionary<string, IMetric>> ByName = new(() =>
        typeof(IMetric).Assembly.GetTypes()
            .Where(t => typeof(IMetric).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (IMetric)Activator.CreateInstance(t)!)
            .ToDictionary(m => m.Descriptor.Name));

    /// <summary>Every implementation, by metric name.</summary>
    public static IReadOnlyDictionary<string, IMetric> All => ByName.Value;

    /// <summary>The implementation of <paramref name="name"/>; one line listing the known metrics otherwise.</summary>
    public static IMetric Get(string name) => ByName.Value.TryGetValue(name, out var m) ? m
        : throw new InputException($"--metrics: unknown metric '{name}' (expected {string.Join(", ", MetricRegistry.Names)})");
}
