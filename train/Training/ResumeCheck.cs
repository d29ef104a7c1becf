using System.Text.Json;
using MmaGan.Train.Config;

namespace MmaGan.Train.Training;

/// <summary>
/// Which settings of a <c>--resume</c> differ from the run's <c>config.json</c>. The budget (<c>steps</c>, <c>epochs</c>),
/// the folder, the thread count, the device, the export switch, the convolution path and the batch-norm recalibration before
/// evaluations may change on resume (they do not change the training arithmetic); anything else would continue a different experiment from this checkpoint.
/// </summary>
public static class ResumeCheck
{
    static readonly HashSet<string> MayChange = ["steps", "epochs", "out", "threads", "device", "export", "conv_backend", "bn_recalibration"];

    /// <summary>"name (saved → now)" for every differing setting, in config.json's key names and order.</summary>
    public static List<string> Differences(TrainConfig saved, TrainConfig now)
    {
        var a = JsonSerializer.SerializeToElement(saved, RunConfigFile.Json);
        var b = JsonSerializer.SerializeToElement(now, RunConfigFile.Json);
        var differences = new List<string>();
        foreach (var property in a.EnumerateObject())
        {
            if (MayChange.Contains(property.Name)) continue;
            var other = b.TryGetProperty(property.Name, out var v) ? v.GetRawText() : "absent";
            if (property.Value.GetRawText() != other) differences.Add($"{property.Name} ({property.Value.GetRawText()} → {other})");
        }
        return differences;
    }
}
