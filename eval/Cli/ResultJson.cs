using MmaGan.Eval.Evaluation;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>The <c>--json</c> line of the scoring commands: every metric key from the registry, which side was generated
/// and which the reference, and every setting of the evaluation that changes its numbers (seed, n, n_ref, feature model
/// and digest, dims, image size, <c>comparable</c>, <c>caveats</c>; those that do not apply are left out).</summary>
internal static class ResultJson
{
    /// <summary>The metric values, then <c>generated</c> and (when there is one) <c>reference</c>, the evaluation's settings, then <paramref name="extra"/>.</summary>
    public static Dictionary<string, object?> Of(MetricResults results, params (string Key, object? Value)[] extra)
    {
        var json = new Dictionary<string, object?>();
        foreach (var (k, v) in results.Values) json[k] = v;
        json["generated"] = results.Generated;
        if (results.Reference is not null) json["reference"] = results.Reference;
        foreach (var (k, v) in results.Settings)
            if (k == "caveats") json[k] = results.Caveats.Select(c => c.Text).ToArray();
            else if (v is not null && !json.ContainsKey(k)) json[k] = v;
        foreach (var (k, v) in extra) json[k] = v;
        return json;
    }

    public static void Print(MetricResults results, params (string Key, object? Value)[] extra) => CliRunner.PrintJson(Of(results, extra));
}
