using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// The outcome of one run: its configuration, status ("ok", or "diverged"/"failed" with <see cref="Error"/>), wall-clock
/// seconds of the trainer and evaluator processes, and every metric (name → value). Written as RUN/result.json when the
/// run is complete, which is what marks it finished for resume.
/// </summary>
public sealed record RunResult
{
    [JsonPropertyName("run_id")] public string RunId { get; init; } = "";
    [JsonPropertyName("config_id")] public string ConfigId { get; init; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; init; } = "";
    [JsonPropertyName("method")] public string Method { get; init; } = "";
    [JsonPropertyName("k")] public int? K { get; init; }
    [JsonPropertyName("lambda")] public double? Lambda { get; init; }
    [JsonPropertyName("tau")] public double? Tau { get; init; }
    [JsonPropertyName("seed")] public int Seed { get; init; }
    /// <summary>The stacked-mnist D size of the run (the config's <c>d_sizes</c> axis), or null.</summary>
    [JsonPropertyName("d_size")] public double? DSize { get; init; }
    [JsonPropertyName("steps")] public long? Steps { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "ok";
    [JsonPropertyName("error")] public string? Error { get; init; }
    /// <summary>Wall-clock seconds of training, summed over the trainer processes of a resumed run (<see cref="TrainAttempts"/>).</summary>
    [JsonPropertyName("train_seconds")] public double TrainSeconds { get; init; }
    /// <summary>The checkpoint step an interrupted run continued from, or null when it trained in one go.</summary>
    [JsonPropertyName("resumed_from")] public long? ResumedFrom { get; init; }
    [JsonPropertyName("eval_seconds")] public double EvalSeconds { get; init; }
    [JsonPropertyName("metrics")] public SortedDictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The run folder (absolute), for loss curves and sample sheets.</summary>
    [JsonPropertyName("run_dir")] public string RunDir { get; init; } = "";

    public const string FileName = "result.json";

    [JsonIgnore] public bool Ok => Status == "ok";

    /// <summary>The run's place in a sweep's plan; derived from the fields above, so not written to result.json.</summary>
    [JsonIgnore] public RunSpec Spec => new(Dataset, Method, K, Lambda, Tau, Seed, DSize);

    public static RunResult For(RunSpec spec, string runDir) => new()
    {
        RunId = spec.RunId, ConfigId = spec.ConfigId, Dataset = spec.DatasetName, Method = spec.Method,
        K = spec.K, Lambda = spec.Lambda, Tau = spec.Tau, Seed = spec.Seed, DSize = spec.DSize, RunDir = Path.GetFullPath(runDir),
    };

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Save(string runDir) => AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The run's result.json, or null when the run has not finished.</summary>
    public static RunResult? TryLoad(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }
}
