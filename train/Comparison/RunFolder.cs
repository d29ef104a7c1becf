using System.Text.Json;
using MmaGan.Shared.IO;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using MmaGan.Shared.Runs;

namespace MmaGan.Train.Comparison;

/// <summary>
/// One training run folder as a comparison reads it: its settings (<c>config.json</c>), its logs (<c>losses.csv</c>, and
/// <c>metrics.csv</c> when it logged toy or image metrics), the last step logged and the step count it was to reach.
/// A folder that is not a run is one line naming what is missing.
/// </summary>
public sealed record RunFolder(string Dir, string Name, TrainConfig Config, IReadOnlyDictionary<string, string> Settings,
    CurveFile Losses, CurveFile? Metrics, long Steps, long? TotalSteps)
{
    public static RunFolder Read(string dir)
    {
        if (!Directory.Exists(dir)) throw InputException.ForFile(dir, "no such run folder");
        var configPath = Path.Combine(dir, "config.json");
        if (!File.Exists(configPath)) throw InputException.ForFile(dir, "not a training run folder (no config.json)");
        RunConfigFile.Contents contents;
        try
        {
            contents = JsonSerializer.Deserialize<RunConfigFile.Contents>(File.ReadAllText(configPath), RunConfigFile.Json)
                       ?? throw InputException.ForFile(configPath, "empty config");
        }
        catch (JsonException e) { throw InputException.ForFile(configPath, "not a valid run config: " + e.Message); }
        var lossesPath = LossLogFile.PathOf(dir);
        var losses = CurveFile.TryRead(lossesPath) is { } l && l.Column("step") is { Length: > 0 }
            ? l : throw InputException.ForFile(lossesPath, "no losses logged (is this a run that trained at least one step?)");
        var metrics = CurveFile.TryRead(Path.Combine(dir, "metrics.csv")) is { } m && m.Column("step") is { Length: > 0 } ? m : null;
        var config = contents.Config;
        return new RunFolder(dir, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))), config, SettingsOf(config),
            losses, metrics, (long)losses.Column("step")![^1], contents.TotalSteps);
    }

    /// <summary>Settings that say nothing about the experiment (where it ran, how often it wrote files) or repeat another.</summary>
    static readonly HashSet<string> NotCompared =
    [
        "out", "threads", "device", "conv_backend", "export", "keep_checkpoints", "sample_every", "checkpoint_every", "metrics_every",
        "steps", "epochs",                       // the steps column says how long each run trained
        "heads", "effective_lambda", "effective_tau", "resolved_net",   // derived from k, λ, τ and the method, the networks and the data
    ];

    /// <summary>
    /// The experiment's settings as config.json names them (snake_case), each as a table shows it; a setting the run's method
    /// does not use (k, λ, τ, the diversity batch without MMA-GAN; the critic's without WGAN-GP) is "–", so that runs
    /// differing only in an unused value do not look different.
    /// </summary>
    static Dictionary<string, string> SettingsOf(TrainConfig config)
    {
        var json = JsonSerializer.SerializeToElement(config, RunConfigFile.Json);
        var unused = new HashSet<string>();
        if (config.Method != GanMethod.Mma) unused.UnionWith(["k", "lambda", "tau", "div_batch"]);
        if (config.Method != GanMethod.WganGp) unused.UnionWith(["critic_steps", "gp_weight"]);
        if (!config.MinibatchDiscrimination) unused.UnionWith(["mbd_kernels", "mbd_dim"]);
        if (config.ResolvedNet != "stacked-mnist") unused.Add("d_size");
        if (config.EvalEvery == 0) unused.UnionWith(["eval_metrics", "eval_n", "eval_n_ref", "eval_reference", "eval_feature_model"]);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in json.EnumerateObject().Where(p => !NotCompared.Contains(p.Name)))
            settings[p.Name] = unused.Contains(p.Name) ? "–" : p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Null => "–",
                _ => p.Value.GetRawText(),
            };
        return settings;
    }
}
