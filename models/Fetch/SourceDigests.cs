using System.Reflection;
using System.Security.Cryptography;

namespace MmaGan.Models.Fetch;

/// <summary>
/// What a built model records about the weight files it was built from (ONNX <c>metadata_props</c>), and whether those
/// are the official files of models/manifest.json (embedded in this assembly, so the check works from any folder).
/// A model built from other weights (a random-weight fixture, a fine-tuned net) gives numbers that are not comparable
/// with published FIDs / LPIPS values.
/// </summary>
public static class SourceDigests
{
    /// <summary>The SHA-256 of the one weights file a model (FID Inception, DINOv2, CLIP) was built from.</summary>
    public const string WeightsKey = "weights_sha256";
    public const string FidWeightsKey = WeightsKey;
    public const string TrunkWeightsKey = "trunk_sha256";
    public const string LinWeightsKey = "lin_sha256";

    /// <summary>Which manifest entry each recorded digest must match (LPIPS: only the alex trunk and lin are official here).</summary>
    static readonly (string Key, string ManifestId)[] Expected =
        [(WeightsKey, "fid_inception"), (TrunkWeightsKey, "alexnet"), (LinWeightsKey, "lpips_alex_lin")];

    /// <summary>The manifest entry a model's <see cref="WeightsKey"/> is checked against, from its recorded <c>model</c> name
    /// (models without one are FID Inceptions built before DINOv2 and CLIP existed); null when the toolkit knows no official
    /// digest for that model (e.g. DINOv2 ViT-S/14).</summary>
    public static string? WeightsManifestId(IReadOnlyDictionary<string, string> metadata) =>
        metadata.GetValueOrDefault("model") switch
        {
            null or "fid_inception_v3" => "fid_inception",
            "dinov2_vitl14" => "dinov2_vitl14",
            "clip_ViT-B/32" => "clip_vit_b32",
            _ => null,
        };

    static readonly Lazy<ModelManifest> Embedded = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("manifest.json")
            ?? throw new InvalidOperationException("models/manifest.json is not embedded in MmaGan.Models");
        return ModelManifest.Parse(new StreamReader(stream).ReadToEnd(), "models/manifest.json");
    });

    /// <summary>models/manifest.json as built into this assembly.</summary>
    public static ModelManifest OfficialManifest => Embedded.Value;

    public static string Sha256Of(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>
    /// <see cref="Provenance.Official"/> when every source digest the model records matches the official file,
    /// <see cref="Provenance.Other"/> when one does not, <see cref="Provenance.Unknown"/> when it records none
    /// (a third-party export, or a model built before digests were recorded).
    /// </summary>
    public static Provenance Check(IReadOnlyDictionary<string, string> metadata, out string detail)
    {
        var seen = 0;
        var lpipsNet = metadata.GetValueOrDefault("net", "alex");
        foreach (var (key, id) in Expected)
        {
            if (key != FidWeightsKey && lpipsNet != "alex") continue; // only LPIPS-alex's official files are in the manifest
            if (!metadata.TryGetValue(key, out var sha) || string.IsNullOrEmpty(sha)) continue;
            var manifestId = key == WeightsKey ? WeightsManifestId(metadata) : id;
            if (manifestId == null)
            {
                detail = $"no official digest is known for {metadata.GetValueOrDefault("model")}";
                return Provenance.Unknown;
            }
            seen++;
            var file = OfficialManifest.Get(manifestId);
            if (!file.Matches(sha)) { detail = $"{key} {Short(sha)} is not the official {file.Name} ({Short(file.ExpectedText)})"; return Provenance.Other; }
        }
        detail = seen > 0 ? "built from the official weights" : "records no source weights digest";
        return seen > 0 ? Provenance.Official : Provenance.Unknown;
    }

    /// <summary>The first 12 hex digits of a digest and "…" (a prefix-only digest such as "7be5be79…" is kept as it is).</summary>
    static string Short(string digest) => digest.EndsWith('…') || digest.Length <= 12 ? digest : digest[..12] + "…";
}

/// <summary>Whether a feature model was built from the official weights (see <see cref="SourceDigests.Check"/>).</summary>
public enum Provenance { Official, Other, Unknown }
