using System.Text.Json;
using System.Text.Json.Nodes;
using MmaGan.Models.Clip;
using MmaGan.Models.Dinov2;
using MmaGan.Models.Inception;
using MmaGan.Models.Lpips;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;

namespace MmaGan.Models.Fetch;

/// <summary>One built model as recorded in models/built.json.</summary>
public sealed record BuiltModel(string File, string Sha256, long Bytes, IReadOnlyDictionary<string, string> Sources);

/// <summary>
/// A model <c>fetch-and-build</c> can make: its name (<c>--models</c>), the output file, the manifest entries it is built from
/// (role → manifest id) and the builder.
/// </summary>
public sealed record FetchableModel(string Name, string File, IReadOnlyList<(string Role, string ManifestId)> Sources,
    Action<IReadOnlyDictionary<string, string>, string> Build);

/// <summary>
/// `models fetch-and-build`: finds (<see cref="WeightLocations"/>) or fetches into DIR/downloads/ the official weight files
/// listed in DIR/manifest.json (else the manifest built into this assembly) for the chosen models — by default the FID
/// Inception (DIR/fid-inception.onnx, pytorch-fid; DIR/fid-inception-clean.onnx, clean-fid's clean mode) and LPIPS-alex
/// (DIR/lpips-alex.onnx); also DINOv2 ViT-L/14 (DIR/dinov2-vitl14.onnx, dgm-eval's preprocessing;
/// DIR/dinov2-vitl14-torch-fidelity.onnx) and CLIP ViT-B/32 (DIR/clip-vit-b32.onnx, clean-fid's CLIP-FID) —
/// builds them and records each output's SHA-256 in DIR/built.json. All files are fetched before anything is built.
/// </summary>
public static class ModelFetcher
{
    public const string FidModelFile = "fid-inception.onnx";
    /// <summary>The FID Inception for clean-fid's clean mode (resize outside the network), from the same weights.</summary>
    public const string FidCleanModelFile = "fid-inception-clean.onnx";
    public const string LpipsAlexModelFile = "lpips-alex.onnx";
    public const string Dinov2ModelFile = "dinov2-vitl14.onnx";
    public const string Dinov2TorchFidelityModelFile = "dinov2-vitl14-torch-fidelity.onnx";
    public const string ClipModelFile = "clip-vit-b32.onnx";

    public static readonly IReadOnlyList<FetchableModel> Models =
    [
        new("fid", FidModelFile, [("weights", "fid_inception")], (w, o) => FidInceptionBuilder.BuildFile(w["weights"], o)),
        new("fid-clean", FidCleanModelFile, [("weights", "fid_inception")], (w, o) => FidInceptionBuilder.BuildFile(w["weights"], o, FeaturePreprocessing.Clean)),
        new("lpips", LpipsAlexModelFile, [("trunk", "alexnet"), ("lin", "lpips_alex_lin")],
            (w, o) => LpipsModelBuilder.BuildFile(w["trunk"], w["lin"], LpipsNet.Alex, o)),
        new("dinov2", Dinov2ModelFile, [("weights", "dinov2_vitl14")],
            (w, o) => Dinov2Builder.BuildFile(w["weights"], FeaturePreprocessing.DgmEval, o, "vitl14")),
        new("dinov2-torch-fidelity", Dinov2TorchFidelityModelFile, [("weights", "dinov2_vitl14")],
            (w, o) => Dinov2Builder.BuildFile(w["weights"], FeaturePreprocessing.TorchFidelity, o, "vitl14")),
        new("clip", ClipModelFile, [("weights", "clip_vit_b32")], (w, o) => ClipImageEncoderBuilder.BuildFile(w["weights"], o)),
    ];

    /// <summary>What <c>make models</c> builds unless told otherwise: the FID Inception in both conventions (one download) and
    /// LPIPS; DINOv2 and CLIP are 1.2 GB and 0.35 GB downloads, built on request (<c>--models …,dinov2,clip</c> or <c>all</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultModels = ["fid", "fid-clean", "lpips"];

    /// <summary>"fid,lpips,dinov2,clip" or "all" → the models, in the table's order.</summary>
    public static IReadOnlyList<FetchableModel> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 1 && names[0] == "all") return Models;
        foreach (var n in names)
            if (Models.All(m => m.Name != n))
                throw new InputException($"--models: unknown model '{n}' (expected a comma-separated list of {string.Join(", ", Models.Select(m => m.Name))}, or all)");
        if (names.Length == 0) throw new InputException("--models: name at least one model");
        return [.. Models.Where(m => names.Contains(m.Name))];
    }

    public static IReadOnlyList<BuiltModel> FetchAndBuild(string dir, HttpClient http, Action<string>? log = null, CancellationToken cancel = default,
        IReadOnlyList<string>? searchFolders = null, IReadOnlyList<FetchableModel>? models = null)
    {
        models ??= [.. Models.Where(m => DefaultModels.Contains(m.Name))];
        var manifestPath = Path.Combine(dir, "manifest.json");
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : SourceDigests.OfficialManifest;
        var folders = searchFolders ?? WeightLocations.Default();
        var downloader = new WeightDownloader(Path.Combine(dir, "downloads"), http, log, folders);
        var files = models.SelectMany(m => m.Sources.Select(s => s.ManifestId)).Distinct().Select(manifest.Get).ToList();
        // Every file is tried before giving up, so one message lists all that are still missing.
        var missing = new List<string>();
        var paths = new Dictionary<string, string>();
        foreach (var f in files)
        {
            try { paths[f.Id] = downloader.Ensure(f, cancel); }
            catch (ModelFetchException e) { missing.Add(e.Message); }
        }
        if (missing.Count > 0)
            throw new ModelFetchException($"{missing.Count} of {files.Count} weight files missing (looked in {downloader.DownloadsDir}" +
                $"{string.Concat(folders.Select(f => ", " + f))}): {string.Join("; ", missing)}");

        var built = new List<BuiltModel>();
        foreach (var m in models)
        {
            cancel.ThrowIfCancellationRequested();
            log?.Invoke($"building {m.File}");
            var output = Path.Combine(dir, m.File);
            m.Build(m.Sources.ToDictionary(s => s.Role, s => paths[s.ManifestId]), output);
            built.Add(Record(output, m.Sources.ToDictionary(s => s.Role, s => manifest.Get(s.ManifestId).Name)));
        }

        // built.json keeps the entries of models built by earlier runs (e.g. `--models dinov2` after `make models`).
        var builtPath = Path.Combine(dir, "built.json");
        var entries = new List<JsonNode?>();
        if (File.Exists(builtPath))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(builtPath))?["models"] is JsonArray earlier)
                    entries.AddRange(earlier.Where(e => built.All(b => b.File != (string?)e?["file"])).Select(e => e?.DeepClone()));
            }
            catch (JsonException) { log?.Invoke($"{builtPath}: unreadable, rewritten"); }
        }
        entries.AddRange(built.Select(b => JsonSerializer.SerializeToNode(new { file = b.File, sha256 = b.Sha256, bytes = b.Bytes, sources = b.Sources })));
        var json = new JsonObject
        {
            ["built_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["models"] = new JsonArray([.. entries]),
        };
        AtomicFile.WriteAllText(builtPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return built;
    }

    static BuiltModel Record(string path, Dictionary<string, string> sources) =>
        new(Path.GetFileName(path), WeightDownloader.Sha256Of(path), new FileInfo(path).Length, sources);
}
