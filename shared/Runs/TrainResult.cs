using System.Text.Json;
using System.Text.Json.Serialization;

namespace MmaGan.Shared.Runs;

/// <summary>
/// How a training run ended, as <c>mmagan-train --json</c> prints it on the last line of stdout — whatever the ending
/// (completed, cancelled, diverged) — and as the sweep runner reads it: the one typed result between the two programs,
/// so that nothing reads the trainer's prose.
/// </summary>
public sealed record TrainResult
{
    public const string Completed = "completed", Cancelled = "cancelled", Diverged = "diverged";

    /// <summary><see cref="Completed"/>, <see cref="Cancelled"/> (Ctrl-C, SIGTERM) or <see cref="Diverged"/> (a non-finite loss).</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = Completed;
    /// <summary>The steps trained: the state the run reached (its last good step when it diverged).</summary>
    [JsonPropertyName("steps")] public long Steps { get; init; }
    /// <summary>Wall-clock seconds of this trainer process.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("diverged")] public bool IsDiverged => Status == Diverged;
    /// <summary>The step whose loss was not finite, when the run diverged.</summary>
    [JsonPropertyName("diverged_at")] public long? DivergedAt { get; init; }
    [JsonPropertyName("run_dir")] public string RunDir { get; init; } = "";
    /// <summary>RUN/generator.onnx when the run was exported, else null.</summary>
    [JsonPropertyName("generator")] public string? Generator { get; init; }
    /// <summary>The newest checkpoint (the one <c>--resume</c> continues from), or null.</summary>
    [JsonPropertyName("checkpoint")] public string? Checkpoint { get; init; }
    /// <summary>The one line the trainer printed about the ending.</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The result on <paramref name="line"/> (the trainer's last stdout line), or null when it is not one.</summary>
    public static TrainResult? TryParse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try { return JsonSerializer.Deserialize<TrainResult>(line) is { RunDir.Length: > 0 } r ? r : null; }
        catch (JsonException) { return null; }
    }
}
