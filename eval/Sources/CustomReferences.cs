using System.Text.Json;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>
/// References users name themselves (as clean-fid's <c>make_custom_stats</c>): <c>mmagan-eval stats SOURCE --name my-ref</c>
/// keeps the statistics (and, with <c>--features-out</c>, the features) under <see cref="Folder"/>, and <c>my-ref</c> is then a
/// SOURCE in every command — its features .npy when there is one (every metric but IS can read it), else its statistics .npz
/// (fid, fd-inf). A file or folder of that name in the working directory comes first.
/// </summary>
public static class CustomReferences
{
    public const string FolderVariable = "MMAGAN_REFERENCES";

    /// <summary>$MMAGAN_REFERENCES, else $XDG_DATA_HOME/mmagan/references, else ~/.local/share/mmagan/references (not the
    /// feature cache: <c>cache clear</c> leaves them).</summary>
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } set) return Path.GetFullPath(set);
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "mmagan", "references");
    }

    /// <summary>The names registered, in order.</summary>
    public static IReadOnlyList<string> Names() => Directory.Exists(Folder())
        ? [.. Directory.EnumerateFiles(Folder(), "*.npz").Concat(Directory.EnumerateFiles(Folder(), "*.npy")).Select(f => Path.GetFileNameWithoutExtension(f)).Distinct().Order(StringComparer.Ordinal)]
        : [];

    /// <summary>The file a registered <paramref name="name"/> stands for (features .npy first), or null.</summary>
    public static string? Find(string name)
    {
        if (!IsWellFormed(name)) return null;
        var features = Path.Combine(Folder(), name + ".npy");
        if (File.Exists(features)) return features;
        var stats = Path.Combine(Folder(), name + ".npz");
        return File.Exists(stats) ? stats : null;
    }

    static bool IsWellFormed(string name) => name.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.EndsWith(".npz") && !name.EndsWith(".npy");

    /// <summary>Refuses, before any work, a name that cannot be registered: one line naming <c>--name</c>.</summary>
    public static void CheckName(string name)
    {
        if (!IsWellFormed(name)) throw new InputException($"--name '{name}': use letters, digits, '-', '_' and '.' (starting with a letter or digit)");
        if (NamedReferences.IsName(name)) throw new InputException($"--name '{name}' is a built-in named reference ({string.Join(", ", NamedReferences.Names)}); choose another name");
        OutputPath.Folder(Folder(), "--name (the references folder, $" + FolderVariable + ")");
    }

    /// <summary>Keeps <paramref name="stats"/> (and <paramref name="features"/>) as <paramref name="name"/>, with a .json of where they came from.</summary>
    public static IReadOnlyList<string> Register(string name, string stats, string? features, string source, long count, int dims)
    {
        var folder = Directory.CreateDirectory(Folder()).FullName;
        var kept = new List<string>();
        void Keep(string from, string ext)
        {
            var to = Path.Combine(folder, name + ext);
            AtomicFile.Write(to, s => { using var f = File.OpenRead(from); f.CopyTo(s); });
            kept.Add(to);
        }
        Keep(stats, ".npz");
        var staleFeatures = Path.Combine(folder, name + ".npy");
        if (features is not null) Keep(features, ".npy");
        else if (File.Exists(staleFeatures)) File.Delete(staleFeatures);   // re-registered without features: the old ones no longer match
        AtomicFile.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name, ["source"] = Path.GetFullPath(source), ["n"] = count, ["dims"] = dims,
            ["registered"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        }) + "\n");
        return kept;
    }
}
