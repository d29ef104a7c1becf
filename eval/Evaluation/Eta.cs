using System.Globalization;
using System.Text.Json;
using MmaGan.Eval.Features;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// The time a pass will take, said in its <c>plan:</c> line before any work: from the rate this machine measured for the
/// same model file, device and threads (the last complete pass of at least <see cref="MinSeconds"/>, kept in
/// <c>rates.json</c> in the feature cache's folder), else from a stated estimate — the figure docs/benchmarks.md and
/// docs/feature-spaces.md measured for the known networks on 2 idle cores, scaled by the threads used, with the machine's
/// load now beside it — else nothing (the first progress line gives the ETA). Best effort: a cache folder that cannot be
/// read or written only loses the record.
/// </summary>
public static class Eta
{
    /// <summary>Passes shorter than this are not recorded: start-up costs dominate them.</summary>
    public const double MinSeconds = 2;

    const string FileName = "rates.json";

    /// <summary>A measured rate: items per second over <paramref name="Items"/> items, when (UTC).</summary>
    public sealed record Rate(double PerSecond, string Unit, long Items, string Measured);

    /// <summary>A stated figure for a known network: items/s on 2 idle cores, what it is, where it was measured.</summary>
    public sealed record Estimate(double PerSecondOnTwoCores, string What, string Source);

    /// <summary>The key of a feature model's pass: its file (name and size), device and threads.</summary>
    public static string FeatureKey(string modelPath, SourceReading reading) => $"features|{ModelId(modelPath)}|{reading.Device}|{Threads(reading)}";

    /// <summary>The key of LPIPS scoring: its file, device, threads and the image size (its cost grows with the pixels).</summary>
    public static string LpipsKey(string modelPath, SourceReading reading, int height, int width) =>
        $"lpips|{ModelId(modelPath)}|{reading.Device}|{Threads(reading)}|{height}x{width}";

    /// <summary>
    /// The stated estimate for a known feature network: FID Inception-v3 (2048 features, 1008 logits) ≈ 25 images/s, DINOv2
    /// ViT-S/14 ≈ 9.4, ViT-L/14 ≈ 0.69, CLIP ViT-B/32 ≈ 14.7 (2 idle cores); null for other models.
    /// </summary>
    public static Estimate? EstimateFor(IFeatureModel model) => (model.Preprocessing.Convention, model.FeatureSize) switch
    {
        ("legacy-pytorch" or "clean", _) when model.LogitsSize == 1008 => new(25, "FID Inception-v3", "docs/benchmarks.md"),
        ("dgm-eval" or "torch-fidelity", 384) => new(9.4, "DINOv2 ViT-S/14", "docs/feature-spaces.md"),
        ("dgm-eval" or "torch-fidelity", 1024) => new(0.69, "DINOv2 ViT-L/14", "docs/feature-spaces.md"),
        ("clean-fid-clip", 512) => new(14.7, "CLIP ViT-B/32", "docs/feature-spaces.md"),
        _ => null,
    };

    /// <summary>"; ETA ≈ 6 min 40 s at 25.0 images/s (measured here …)" for <paramref name="items"/> items, or "" when nothing is
    /// known. A stated estimate is scaled to the threads used and to this process's share of the cores at the load now
    /// (<paramref name="load"/>, default the 1-minute load average): threads / (load + threads) of each core.</summary>
    public static string Of(string key, long items, string unit, Estimate? estimate, int threads, double? load = null)
    {
        var cores = Environment.ProcessorCount;
        load ??= double.TryParse(Shared.Cli.LoadAverage.Now(), NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? l : null;
        var loadText = load is { } now ? string.Create(CultureInfo.InvariantCulture, $"the load now {now:0.##} on {cores} cores") : "";
        if (Read().GetValueOrDefault(key) is { PerSecond: > 0 } rate && rate.Unit == unit)
            return string.Create(CultureInfo.InvariantCulture,
                $"; ETA ≈ {Duration(items / rate.PerSecond)} at {rate.PerSecond:F1} {unit}/s (measured here {rate.Measured} over {rate.Items} {unit}{(loadText.Length > 0 ? "; " + loadText : "")})");
        if (estimate is not { } e) return "";
        var idle = e.PerSecondOnTwoCores * Math.Min(Math.Max(1, threads), cores) / 2.0;
        var share = load is { } busy ? Math.Min(1, cores / (busy + threads)) : 1;
        var scaled = threads == 2 ? "" : $", scaled to {threads} thread{(threads == 1 ? "" : "s")}";
        if (share > 0.9)
            return string.Create(CultureInfo.InvariantCulture,
                $"; ETA ≈ {Duration(items / idle)} at ≈ {idle:G3} {unit}/s (an estimate: {e.What} on 2 idle cores, {e.Source}{scaled}{(loadText.Length > 0 ? "; " + loadText : "")})");
        var shared = idle * share;
        return string.Create(CultureInfo.InvariantCulture,
            $"; ETA ≈ {Duration(items / shared)} at ≈ {shared:G2} {unit}/s (an estimate: {e.What} runs ≈ {idle:G3} {unit}/s on 2 idle cores, {e.Source}{scaled}, shared here at {loadText}; ≈ {Duration(items / idle)} idle)");
    }

    /// <summary>Records the rate of a finished pass (at least <see cref="MinSeconds"/> long) under <paramref name="key"/>.</summary>
    public static void Record(string key, long items, double seconds, string unit)
    {
        if (seconds < MinSeconds || items <= 0) return;
        try
        {
            var rates = Read();
            rates[key] = new Rate(Math.Round(items / seconds, 3), unit, items, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Folder());
            AtomicFile.WriteAllText(PathOf(), JsonSerializer.Serialize(rates, new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputException) { }
    }

    /// <summary>"40 s", "6 min 40 s", "2 h 05 min".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return "?";
        var s = (long)Math.Ceiling(seconds);
        return s < 60 ? $"{s} s" : s < 3600 ? $"{s / 60} min {s % 60:D2} s" : $"{s / 3600} h {s % 3600 / 60:D2} min";
    }

    /// <summary>The threads a reading uses: its <c>--threads</c>, or all cores for 0.</summary>
    public static int Threads(SourceReading reading) => reading.Threads > 0 ? Math.Min(reading.Threads, Environment.ProcessorCount) : Environment.ProcessorCount;

    static string ModelId(string path)
    {
        try { return $"{Path.GetFileName(path)}:{new FileInfo(path).Length}"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Path.GetFileName(path); }
    }

    static string Folder() => FeatureCache.Default().Root;

    static string PathOf() => Path.Combine(Folder(), FileName);

    static Dictionary<string, Rate> Read()
    {
        try
        {
            var path = PathOf();
            return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, Rate>>(File.ReadAllText(path)) ?? [] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException) { return []; }
    }
}
