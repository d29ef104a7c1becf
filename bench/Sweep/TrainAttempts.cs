using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// The training time of a run that may take several trainer processes (an interrupted sweep resumed later): RUN/train-attempts.json
/// records when the current attempt started and the seconds of the earlier ones. An interrupted attempt counts up to its newest
/// checkpoint (the work that was kept; what came after it is trained again), so a resumed run reports what its training cost.
/// </summary>
public static class TrainAttempts
{
    public const string FileName = "train-attempts.json";

    sealed record Record(
        [property: JsonPropertyName("earlier_seconds")] double EarlierSeconds,
        [property: JsonPropertyName("started_utc")] DateTime StartedUtc);

    /// <summary>Records that an attempt starts now; returns the seconds of the earlier attempts (0 for a fresh run).</summary>
    /// <param name="newestCheckpoint">The checkpoint a resumed attempt continues from, or null for a fresh run.</param>
    public static double Start(string runDir, string? newestCheckpoint)
    {
        var path = Path.Combine(runDir, FileName);
        var earlier = 0.0;
        if (newestCheckpoint is not null && Read(path) is { } last)
            earlier = last.EarlierSeconds + Math.Max(0, (File.GetLastWriteTimeUtc(newestCheckpoint) - last.StartedUtc).TotalSeconds);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Record(earlier, DateTime.UtcNow)));
        return earlier;
    }

    static Record? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<Record>(File.ReadAllText(path)); }
        catch (JsonException) { return null; }
    }
}
