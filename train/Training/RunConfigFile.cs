using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.IO;
using MmaGan.Train.Config;

namespace MmaGan.Train.Training;

/// <summary><c>RUN/config.json</c>: every setting plus the library versions and thread count, what governs the run's length
/// (<c>governed_by</c>: <c>steps</c> when <c>--steps</c> was given, else <c>epochs</c>; <c>total_steps</c> either way) and
/// <c>sample_shape</c> as numbers (older runs wrote strings; both are read).</summary>
public static class RunConfigFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowReadingFromString, // sample_shape of runs written before it was numeric
    };

    public sealed record Contents(TrainConfig Config, Dictionary<string, string> Versions, string Dataset, long[] SampleShape,
        string? GovernedBy = null, long? TotalSteps = null, NumericsRecord? Numerics = null);

    /// <summary>What the start-up numerics check found: the convolution path used, the one it replaced, and its one-line summary.</summary>
    public sealed record NumericsRecord(string ConvBackend, string? Replaced, double WorstRelativeError, string Summary);

    public static void Write(string runDir, TrainConfig config, string datasetDescription, long[] sampleShape, long? totalSteps = null,
        NumericsRecord? numerics = null)
    {
        var contents = new Contents(config, Versions(), datasetDescription, sampleShape, config.Steps is null ? "epochs" : "steps", totalSteps, numerics);
        AtomicFile.WriteAllText(Path.Combine(runDir, "config.json"), JsonSerializer.Serialize(contents, Json) + "\n");
    }

    public static TrainConfig Read(string runDir)
    {
        var path = Path.Combine(runDir, "config.json");
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file (is this a run folder?)");
        try
        {
            return JsonSerializer.Deserialize<Contents>(File.ReadAllText(path), Json)?.Config
                   ?? throw InputException.ForFile(path, "empty config");
        }
        catch (JsonException e) { throw InputException.ForFile(path, "not a valid run config: " + e.Message); }
    }

    public static Dictionary<string, string> Versions() => new()
    {
        ["mmagan"] = typeof(RunConfigFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        ["libtorch"] = TorchSharp.torch.__version__,
        ["dotnet"] = Environment.Version.ToString(),
        ["threads"] = TorchSharp.torch.get_num_threads().ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };
}
