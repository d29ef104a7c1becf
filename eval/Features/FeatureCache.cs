using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Features;

/// <summary>What a cache entry holds, as written beside it (<c>KEY.json</c>).</summary>
public sealed record FeatureCacheEntry(string Key, string Source, int Count, int Dims, string Model, string Created, long Bytes);

/// <summary>
/// Cached Inception features of reference (dataset) sources, under <c>$XDG_CACHE_HOME/mmagan</c> (else
/// <c>~/.cache/mmagan</c>). An entry is keyed by SHA-256(source content hash, model SHA-256, preprocessing) and holds
/// <c>KEY.npy</c> (float32 features [N, d]), <c>KEY.npz</c> (the Gaussian statistics, as <c>stats</c> writes) and
/// <c>KEY.json</c> (a description), each written atomically; an entry that is empty or does not read back as the
/// shape it promises is deleted and recomputed, never trusted. A cache folder that cannot be written (a file, read-only, a
/// full disk) is a warning, once per folder and process, and the evaluation runs uncached (<see cref="CacheEntryWriter"/>).
/// </summary>
public sealed class FeatureCache
{
    public const string CacheVariable = "XDG_CACHE_HOME";
    public string Root { get; }

    public FeatureCache(string root) => Root = root;

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Unusable = new(StringComparer.Ordinal);

    /// <summary>False once writing into this folder failed in this process (then every source runs uncached).</summary>
    public bool Usable => !Unusable.ContainsKey(Path.GetFullPath(Root));

    /// <summary>Marks the folder unusable for this process after <paramref name="failure"/>, warning once on stderr.</summary>
    public void Disable(Exception failure)
    {
        if (Unusable.TryAdd(Path.GetFullPath(Root), true))
            Console.Error.WriteLine($"warning: cache: cannot write {Root} ({Shared.Cli.CliRunner.OsReason(failure)}); running uncached ({CacheVariable} chooses another folder, --no-cache skips it)");
    }

    /// <summary>The default cache folder: $XDG_CACHE_HOME/mmagan, else ~/.cache/mmagan.</summary>
    public static FeatureCache Default()
    {
        var xdg = Environment.GetEnvironmentVariable(CacheVariable);
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new FeatureCache(Path.Combine(baseDir, "mmagan"));
    }

    /// <summary>The entry key: SHA-256 of "mmagan-features-v1", the source content hash, the model SHA-256 and the preprocessing.</summary>
    public static string Key(string sourceHash, string modelSha256, string preprocessing) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"mmagan-features-v1\n{sourceHash}\n{modelSha256}\n{preprocessing}")))[..32];

    /// <summary>
    /// SHA-256 over the files a source reads, in order, each as its name, length and bytes: the file itself, or a
    /// folder's images (or .bin files) sorted by name.
    /// </summary>
    public static string ContentHash(IReadOnlyList<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var f in files)
        {
            var info = new FileInfo(f);
            sha.AppendData(Encoding.UTF8.GetBytes($"{info.Name}\n{info.Length}\n"));
            using var s = File.OpenRead(f);
            int read;
            while ((read = s.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The files of a dataset path (file, image folder or folder of CIFAR-10 .bin files) that <see cref="ContentHash"/> reads;
    /// <paramref name="recursive"/>: with its subfolders (as <c>images:DIR</c> and <c>--recursive</c> read them).</summary>
    public static IReadOnlyList<string> SourceFiles(string path, bool recursive = false)
    {
        if (!Directory.Exists(path)) return [path];
        var files = Directory.EnumerateFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToArray();
        var images = files.Where(ImageFile.IsImage).ToArray();
        return images.Length > 0 ? images : files.Where(f => f.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    public string FeaturesPath(string key) => Path.Combine(Root, key + ".npy");
    public string StatsPath(string key) => Path.Combine(Root, key + ".npz");
    string InfoPath(string key) => Path.Combine(Root, key + ".json");

    /// <summary>The cached features of <paramref name="key"/> if present and whole ([count, dims] float32), else null (a bad entry is deleted).</summary>
    public FeatureMatrix? TryReadFeatures(string key, int count, int dims)
    {
        var path = FeaturesPath(key);
        if (!File.Exists(path)) return null;
        try
        {
            var a = Npy.Read(path);
            if (a.Shape.Length == 2 && a.Shape[0] == count && a.Shape[1] == dims && a.Dtype == "<f4")
                return FeatureMatrix.Of(a.AsFloat(), count, dims);
            Warn(path, $"holds ({string.Join(",", a.Shape)}) {a.Dtype}, expected ({count},{dims}) float32");
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException or ArgumentException or EndOfStreamException or FormatException or OverflowException)
        {
            Warn(path, e.Message);
        }
        Remove(key);
        return null;
    }

    /// <summary>The cached statistics of <paramref name="key"/> if present and whole, else null (a bad entry is deleted).</summary>
    public FeatureStats? TryReadStats(string key, int count, int? dims)
    {
        var path = StatsPath(key);
        if (!File.Exists(path)) return null;
        try
        {
            var s = StatsFile.Read(path);
            if ((dims == null || s.Dimension == dims) && s.Count == count && s.Sums != null && s.Mu.All(double.IsFinite)) return s;
            Warn(path, $"holds {s.Dimension}-d statistics of {s.Count} samples, expected {dims?.ToString() ?? "any"}-d of {count}");
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException or ArgumentException or EndOfStreamException or FormatException or OverflowException)
        {
            Warn(path, e.Message);
        }
        Remove(key);
        return null;
    }

    /// <summary>Writes the statistics and description of a new entry (the features were streamed to <see cref="FeaturesPath"/>).</summary>
    public void Complete(string key, GaussianStats stats, string source, string model)
    {
        StatsFile.Write(StatsPath(key), stats);
        var bytes = new FileInfo(FeaturesPath(key)).Length + new FileInfo(StatsPath(key)).Length;
        var entry = new FeatureCacheEntry(key, source, (int)stats.Count, stats.Dimension, model,
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), bytes);
        AtomicFile.WriteAllText(InfoPath(key), JsonSerializer.Serialize(entry));
    }

    /// <summary>The entries present (those whose description reads back as one; other JSON files there, such as the measured
    /// rates of <see cref="Evaluation.Eta"/>, are not entries).</summary>
    public IReadOnlyList<FeatureCacheEntry> List()
    {
        if (!Directory.Exists(Root)) return [];
        var list = new List<FeatureCacheEntry>();
        foreach (var f in Directory.EnumerateFiles(Root, "*.json").Order(StringComparer.Ordinal))
        {
            try { if (JsonSerializer.Deserialize<FeatureCacheEntry>(File.ReadAllText(f)) is { Key.Length: > 0 } e) list.Add(e); }
            catch (JsonException) { }
        }
        return list;
    }

    /// <summary>Deletes every entry (and stray temporary files); returns the number of files removed.</summary>
    public int Clear()
    {
        if (!Directory.Exists(Root)) return 0;
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(Root))
        {
            var name = Path.GetFileName(f);
            if (name.EndsWith(".npy") || name.EndsWith(".npz") || name.EndsWith(".json") || name.Contains(".tmp-")) { File.Delete(f); n++; }
        }
        return n;
    }

    /// <summary>Deletes the files of an entry (those that exist).</summary>
    public void Remove(string key)
    {
        foreach (var f in new[] { FeaturesPath(key), StatsPath(key), InfoPath(key) })
            try { File.Delete(f); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static void Warn(string path, string problem) => Console.Error.WriteLine($"cache: {path}: {CliOneLine(problem)}; recomputing");

    static string CliOneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
