using System.Text.Json;
using MmaGan.Models.Fetch;
using MmaGan.Models.Tests.Cli;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Fetch;

[Collection("Console")]
public class ModelFetcherTests
{
    static readonly (string Id, string Name)[] Files =
    [
        ("fid_inception", "pt_inception-2015-12-05-6726825d.pth"),
        ("alexnet", "alexnet-owt-7be5be79.pth"),
        ("lpips_alex_lin", "lpips_v0.1_alex.pth"),
    ];

    static void WriteManifest(string dir, Func<string, string> url, Func<string, string?> sha)
    {
        var manifest = new ModelManifest([.. Files.Select(f => new ManifestFile(f.Id, f.Name, url(f.Name), sha(f.Name), "00000000"))]);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(manifest));
    }

    [SharedFact]
    public void RepositoryManifest_ListsTheOfficialFiles()
    {
        var m = ModelManifest.Load(Path.Combine(SharedFixtures.RepoRoot, "models", "manifest.json"));
        Assert.StartsWith("6726825d", m.Get("fid_inception").Sha256Prefix);
        Assert.StartsWith("7be5be79", m.Get("alexnet").Sha256Prefix);
        Assert.Equal(WeightDownloader.Sha256Of(SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth")), m.Get("lpips_alex_lin").Sha256);
    }

    [Fact]
    public void Offline_StopsWithOneLineNamingTheFile_AndLeavesNoPartialFile()
    {
        var dir = SharedFixtures.TempDir();
        WriteManifest(dir, name => $"http://127.0.0.1:9/{name}", _ => new string('0', 64));
        var (code, stdout, stderr) = ModelsCli.Run("fetch-and-build", "--dir", dir);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("could not fetch pt_inception-2015-12-05-6726825d.pth", line);
        Assert.Contains($"place it at {Path.Combine(dir, "downloads", "pt_inception-2015-12-05-6726825d.pth")}", line);
        // every missing file is listed in the one message, with its URL and where to put it
        Assert.Contains("3 of 3 weight files missing", line);
        foreach (var (_, name) in Files)
            Assert.Contains($"could not fetch {name} from http://127.0.0.1:9/{name}", line);
        Assert.Empty(Directory.Exists(Path.Combine(dir, "downloads")) ? Directory.GetFiles(Path.Combine(dir, "downloads")) : []);
        Assert.False(File.Exists(Path.Combine(dir, ModelFetcher.FidModelFile)));
        Assert.DoesNotContain("sha256", stdout);
    }

    [SharedFact]
    public void HandPlacedFiles_AreVerified_BuiltAndRecorded()
    {
        var dir = SharedFixtures.TempDir();
        var downloads = Directory.CreateDirectory(Path.Combine(dir, "downloads")).FullName;
        File.Copy(SharedFixtures.Reference("fid_inception_random.pth"), Path.Combine(downloads, Files[0].Name));
        File.Copy(SharedFixtures.Reference("alexnet_features_random.pth"), Path.Combine(downloads, Files[1].Name));
        File.Copy(SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth"), Path.Combine(downloads, Files[2].Name));
        WriteManifest(dir, name => $"http://127.0.0.1:9/{name}", name => WeightDownloader.Sha256Of(Path.Combine(downloads, name)));
        var (code, stdout, stderr) = ModelsCli.Run("fetch-and-build", "--dir", dir, "--json");
        Assert.True(code == 0, stderr);
        using var built = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "built.json")));
        var models = built.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([ModelFetcher.FidModelFile, ModelFetcher.FidCleanModelFile, ModelFetcher.LpipsAlexModelFile], models.Select(m => m.GetProperty("file").GetString()));
        foreach (var m in models)
            Assert.Equal(WeightDownloader.Sha256Of(Path.Combine(dir, m.GetProperty("file").GetString()!)), m.GetProperty("sha256").GetString());
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.Equal(3, json.RootElement.GetProperty("models").GetArrayLength());
    }

    [SharedFact]
    public void HandPlacedFileWithWrongDigest_IsRejected()
    {
        var dir = SharedFixtures.TempDir();
        var downloads = Directory.CreateDirectory(Path.Combine(dir, "downloads")).FullName;
        File.Copy(SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth"), Path.Combine(downloads, Files[0].Name));
        WriteManifest(dir, name => $"http://127.0.0.1:9/{name}", _ => new string('0', 64));
        var (code, _, stderr) = ModelsCli.Run("fetch-and-build", "--dir", dir);
        Assert.Equal(2, code);
        Assert.Contains("does not match the manifest", stderr);
    }

    [SharedFact]
    public void FileInASearchFolder_IsUsed_UnderItsUrlName_WhenItsDigestMatches()
    {
        var dir = SharedFixtures.TempDir();
        var hub = Directory.CreateDirectory(Path.Combine(dir, "torch", "hub", "checkpoints")).FullName;
        var lin = SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth");
        var sha = WeightDownloader.Sha256Of(lin);
        var wanted = new ManifestFile("lpips_alex_lin", "lpips_v0.1_alex.pth", "http://127.0.0.1:9/v0.1/alex.pth", sha, null);
        using var http = new HttpClient();
        var log = new List<string>();
        var found = new WeightDownloader(Path.Combine(dir, "downloads"), http, log.Add, [hub, Path.GetDirectoryName(lin)!]).Ensure(wanted);
        Assert.Equal(lin, found);
        Assert.False(Directory.Exists(Path.Combine(dir, "downloads")));
        // a file with the right name but another digest is skipped, never used
        File.WriteAllText(Path.Combine(hub, "alex.pth"), "not the weights");
        found = new WeightDownloader(Path.Combine(dir, "downloads"), http, log.Add, [hub, Path.GetDirectoryName(lin)!]).Ensure(wanted);
        Assert.Equal(lin, found);
        Assert.Contains(log, l => l.Contains("ignored"));
    }

    [Fact]
    public void SearchFolders_FollowTorchHomeThenXdgThenHome_AndTheSharedFolder()
    {
        Assert.Equal(["/t/hub/checkpoints", "/h/.cache/clip", "/s/weights/lpips-v0.1", "/r/shared/weights/lpips-v0.1"],
            WeightLocations.Folders(v => v switch { "TORCH_HOME" => "/t", "MMAGAN_SHARED" => "/s", _ => null }, "/r/repo", "/h"));
        Assert.Equal(["/x/torch/hub/checkpoints", "/h/.cache/clip"], WeightLocations.Folders(v => v == "XDG_CACHE_HOME" ? "/x" : null, null, "/h"));
        Assert.Equal(["/h/.cache/torch/hub/checkpoints", "/h/.cache/clip"], WeightLocations.Folders(_ => null, null, "/h"));
    }

    [Fact]
    public void EmbeddedManifest_IsTheRepositoryManifest()
    {
        var m = ModelManifest.Load(Path.Combine(SharedFixtures.RepoRoot, "models", "manifest.json"));
        Assert.Equal(m.Files, SourceDigests.OfficialManifest.Files);
    }

    [Fact]
    public void Provenance_IsOfficialOnlyWhenEveryRecordedDigestMatches()
    {
        var official = SourceDigests.OfficialManifest.Get("fid_inception").Sha256!;
        Assert.Equal(Provenance.Official, SourceDigests.Check(new Dictionary<string, string> { [SourceDigests.FidWeightsKey] = official }, out _));
        Assert.Equal(Provenance.Other, SourceDigests.Check(new Dictionary<string, string> { [SourceDigests.FidWeightsKey] = new string('a', 64) }, out var why));
        Assert.Contains("not the official pt_inception", why);
        Assert.Equal(Provenance.Unknown, SourceDigests.Check(new Dictionary<string, string> { ["weights"] = "x.pth" }, out _));
        // the AlexNet trunk is checked by its published prefix
        Assert.Equal(Provenance.Official, SourceDigests.Check(new Dictionary<string, string> { [SourceDigests.TrunkWeightsKey] = "7be5be79" + new string('0', 56) }, out _));
    }

    [Fact]
    public void Provenance_OfDinov2AndClip_IsCheckedAgainstTheirOwnEntries()
    {
        Dictionary<string, string> M(string model, string sha) => new() { ["model"] = model, [SourceDigests.WeightsKey] = sha };
        var vitl = SourceDigests.OfficialManifest.Get("dinov2_vitl14").Sha256!;
        var clip = SourceDigests.OfficialManifest.Get("clip_vit_b32").Sha256!;
        Assert.Equal(Provenance.Official, SourceDigests.Check(M("dinov2_vitl14", vitl), out _));
        Assert.Equal(Provenance.Other, SourceDigests.Check(M("dinov2_vitl14", clip), out var why));
        Assert.Contains("dinov2_vitl14_pretrain.pth", why);
        Assert.Equal(Provenance.Official, SourceDigests.Check(M("clip_ViT-B/32", clip), out _));
        // the toolkit knows no official digest for ViT-S/14 or a reduced twin: unknown, not "not comparable"
        Assert.Equal(Provenance.Unknown, SourceDigests.Check(M("dinov2_vits14", vitl), out _));
        Assert.Equal(Provenance.Other, SourceDigests.Check(M("fid_inception_v3", vitl), out _));
    }

    [Fact]
    public void FetchAndBuild_Clip_FromAHandPlacedTorchScriptArchive()
    {
        var dir = SharedFixtures.TempDir();
        var downloads = Directory.CreateDirectory(Path.Combine(dir, "downloads")).FullName;
        var archive = Path.Combine(SharedFixtures.RepoRoot, "tests", "Models.Tests", "Clip", "Fixtures", "clip_tiny_jit.pt");
        File.Copy(archive, Path.Combine(downloads, "ViT-B-32.pt"));
        var manifest = new ModelManifest([new ManifestFile("clip_vit_b32", "ViT-B-32.pt", "http://127.0.0.1:9/ViT-B-32.pt", WeightDownloader.Sha256Of(archive), null)]);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(manifest));
        File.WriteAllText(Path.Combine(dir, "built.json"), """{"models": [{"file": "fid-inception.onnx", "sha256": "x", "bytes": 1, "sources": {}}]}""");
        var (code, _, stderr) = ModelsCli.Run("fetch-and-build", "--dir", dir, "--models", "clip");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(dir, ModelFetcher.ClipModelFile)));
        using var built = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "built.json")));
        // the earlier run's entry is kept beside the new one
        Assert.Equal(["fid-inception.onnx", ModelFetcher.ClipModelFile], built.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("file").GetString()));
    }
}
