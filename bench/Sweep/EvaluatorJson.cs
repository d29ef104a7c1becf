using System.Globalization;
using System.Text.Json;

namespace MmaGan.Bench.Sweep;

/// <summary>Reads the one JSON object that <c>mmagan-eval … --json</c> prints as its last stdout line.</summary>
public static class EvaluatorJson
{
    /// <summary>The numeric fields of a one-line JSON object; numbers written as strings ("NaN", "Infinity") included.</summary>
    public static Dictionary<string, double> Metrics(string line)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"evaluator output is not a JSON object: {line}");
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) values[p.Name] = p.Value.GetDouble();
                else if (p.Value.ValueKind == JsonValueKind.String && double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    values[p.Name] = d;
        }
        catch (JsonException) { throw new InvalidOperationException($"evaluator output's last line is not JSON: {line}"); }
        return values;
    }
}
