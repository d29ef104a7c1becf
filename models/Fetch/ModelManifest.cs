using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.IO;

namespace MmaGan.Models.Fetch;

/// <summary>
/// models/manifest.json: the official weight files, where they are published and their SHA-256
/// (full digest, or — where only PyTorch's file-name convention is known — the digest's first 8 hex digits).
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("files")] IReadOnlyList<ManifestFile> Files)
{
    static readonly JsonSerializerOptions Json = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public ManifestFile Get(string id) =>
        Files.FirstOrDefault(f => f.Id == id) ?? throw new InputException($"models manifest lists no file with id '{id}'");

    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "models manifest not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest JSON text; <paramref name="path"/> names it in errors.</summary>
    public static ModelManifest Parse(string text, string path)
    {
        try
        {
            var m = JsonSerializer.Deserialize<ModelManifest>(text, Json);
            if (m?.Files is not { Count: > 0 }) throw InputException.ForFile(path, "manifest lists no files");
            foreach (var f in m.Files)
                if (string.IsNullOrEmpty(f.Id) || string.IsNullOrEmpty(f.Name) || string.IsNullOrEmpty(f.Url)
                    || (string.IsNullOrEmpty(f.Sha256) && string.IsNullOrEmpty(f.Sha256Prefix)))
                    throw InputException.ForFile(path, $"manifest entry '{f.Id}' needs id, name, url and sha256 or sha256_prefix");
            return m;
        }
        catch (JsonException e) { throw InputException.ForFile(path, $"invalid manifest JSON ({e.Message})"); }
    }
}

/// <summary>One official file: <see cref="Id"/> as the builders refer to it, <see cref="Name"/> in models/downloads/.</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("sha256_prefix")] string? Sha256Prefix,
    [property: JsonPropertyName("note")] string? Note = null)
{
    /// <summary>Whether <paramref name="sha256Hex"/> matches: the full digest when known, else its prefix.</summary>
    public bool Matches(string sha256Hex) =>
        !string.IsNullOrEmpty(Sha256)
            ? string.Equals(Sha256, sha256Hex, StringComparison.OrdinalIgnoreCase)
            : sha256Hex.StartsWith(Sha256Prefix!, StringComparison.OrdinalIgnoreCase);

    public string ExpectedText => !string.IsNullOrEmpty(Sha256) ? Sha256 : Sha256Prefix + "…";
}
