using System.Text.Json;
using MmaGan.Models.Inception;
using MmaGan.Models.Lpips;
using MmaGan.Shared.IO;

namespace MmaGan.Models.Fetch;

/// <summary>One built model as recorded in models/built.json.</summary>
public sealed record BuiltModel(string File, string Sha256, long Bytes, IReadOnlyDictionary<string, string> Sources);

/// <summary>
/// `models fetch-and-build`: finds (<see cref="WeightLocations"/>) or fetches into DIR/downloads/ the official weight files
/// listed in DIR/manifest.json (else the manifest built into this assembly),
/// builds DIR/fid-inception.onnx (pytorch-fid Inception-v3) and DIR/lpips-alex.onnx (LPIPS v0.1 alex),
/// and records each output's SHA-256 in DIR/built.json. All files are fetched before anything is built.
/// </summary>
public static class ModelFetcher
{
    public const string FidModelFile = "fid-inception.onnx";
    public const string LpipsAlexModelFile = "lpips-alex.onnx";

    public static IReadOnlyList<BuiltModel> FetchAndBuild(string dir, HttpClient http, Action<string>? log = null, CancellationToken cancel = default,
        IReadOnlyList<string>? searchFolders = null)
    {
        var manifestPath = Path.Combine(dir, "manifest.json");
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : SourceDigests.OfficialManifest;
        var downloader = new WeightDownloader(Path.Combine(dir, "downloads"), http, log, searchFolders ?? WeightLocations.Default());
        var fidFile = manifest.Get("fid_inception");
        var alexFile = manifest.Get("alexnet");
        var linFile = manifest.Get("lpips_alex_lin");
        // Every file is tried before giving up, so one message lists all that are still missing.
        var missing = new List<string>();
        string Ensure(ManifestFile f)
        {
            try { return downloader.Ensure(f, cancel); }
            catch (ModelFetchException e) { missing.Add(e.Message); return ""; }
        }
        var fidWeights = Ensure(fidFile);
        var alexWeights = Ensure(alexFile);
        var linWeights = Ensure(linFile);
        if (missing.Count > 0)
            throw new ModelFetchException($"{missing.Count} of 3 weight files missing (looked in {downloader.DownloadsDir}" +
                $"{string.Concat((searchFolders ?? WeightLocations.Default()).Select(f => ", " + f))}): {string.Join("; ", missing)}");

        var built = new List<BuiltModel>();
        log?.Invoke($"building {FidModelFile}");
        var fidOut = Path.Combine(dir, FidModelFile);
        FidInceptionBuilder.BuildFile(fidWeights, fidOut);
        built.Add(Record(fidOut, new Dictionary<string, string> { ["weights"] = fidFile.Name }));
        cancel.ThrowIfCancellationRequested();
        log?.Invoke($"building {LpipsAlexModelFile}");
        var lpipsOut = Path.Combine(dir, LpipsAlexModelFile);
        LpipsModelBuilder.BuildFile(alexWeights, linWeights, LpipsNet.Alex, lpipsOut);
        built.Add(Record(lpipsOut, new Dictionary<string, string> { ["trunk"] = alexFile.Name, ["lin"] = linFile.Name }));

        var json = JsonSerializer.Serialize(new
        {
            built_utc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            models = built.Select(b => new { file = b.File, sha256 = b.Sha256, bytes = b.Bytes, sources = b.Sources }),
        }, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllText(Path.Combine(dir, "built.json"), json + "\n");
        return built;
    }

    static BuiltModel Record(string path, Dictionary<string, string> sources) =>
        new(Path.GetFileName(path), WeightDownloader.Sha256Of(path), new FileInfo(path).Length, sources);
}
