using System.Globalization;
using System.Text.Json;
using MmaGan.Shared.Metrics;

namespace MmaGan.Bench.Sweep;

/// <summary>Reads the one JSON object that <c>mmagan-eval … --json</c> prints as its last stdout line, through the registry's keys.</summary>
public static class EvaluatorJson
{
    /// <summary>
    /// The numeric values of <paramref name="metrics"/>' registry keys (numbers written as strings, "NaN" or "Infinity",
    /// included; a key whose value is not a number, such as <c>lpips_pairing</c>, is skipped); a missing result key is an error.
    /// </summary>
    public static Dictionary<string, double> Metrics(string line, IEnumerable<MetricDescriptor> metrics)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException) { throw new InvalidOperationException($"evaluator output's last line is not JSON: {line}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"evaluator output is not a JSON object: {line}");
            foreach (var key in metrics.SelectMany(m => m.Keys))
            {
                if (!doc.RootElement.TryGetProperty(key.Key, out var v))
                {
                    if (key.Summarised) throw new InvalidOperationException($"evaluator output has no '{key.Key}': {line}");
                    continue;
                }
                if (v.ValueKind == JsonValueKind.Number) values[key.Key] = v.GetDouble();
                else if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    values[key.Key] = d;
            }
        }
        return values;
    }
}
