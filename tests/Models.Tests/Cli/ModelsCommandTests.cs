using System.Text.Json;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Cli;

[Collection("Console")]
public class ModelsCommandTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [SharedFact]
    public void Inspect_TruncatedOfficialInception_ListsAll566Tensors_AndFailsSayingHowManyBytesAreMissing()
    {
        var (code, stdout, stderr) = ModelsCli.Run("inspect", SharedFixtures.Path_("fixtures", "truncated", "pt_inception-2015-12-05-6726825d.partial.pth"));
        output.WriteLine($"exit {code}; last stdout line: {stdout.Trim().Split('\n')[^1]}; stderr: {stderr.Trim()}");
        Assert.NotEqual(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(567, lines.Length); // 566 tensors + summary
        Assert.Contains(lines, l => l.StartsWith("fc.weight") && l.Contains("float32") && l.Contains("[1008, 2048]"));
        Assert.Matches(@"^error: .*truncated: \d+ bytes missing", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [SharedFact]
    public void Inspect_ZipFile_ListsNameDtypeShape_AndJson()
    {
        var (code, stdout, _) = ModelsCli.Run("inspect", SharedFixtures.Path_("fixtures", "pth", "mixed_zip.pth"), "--json");
        Assert.Equal(0, code);
        Assert.Matches(@"a_t\s+float32\s+\[4, 3\]", stdout);
        Assert.Matches(@"h\s+float16\s+\[4\]", stdout);
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.Equal(10, json.RootElement.GetProperty("tensors").GetInt32());
        Assert.Equal("zip", json.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Inspect_MissingFile_ExitsTwoWithOneLine()
    {
        var (code, _, stderr) = ModelsCli.Run("inspect", "/nonexistent/x.pth");
        Assert.Equal(2, code);
        Assert.StartsWith("error: /nonexistent/x.pth: file not found", stderr.Trim());
    }

    [SharedFact]
    public void BuildLpips_WritesModel_AndReportsSha256()
    {
        var output = Path.Combine(SharedFixtures.TempDir(), "lpips.onnx");
        var (code, stdout, stderr) = ModelsCli.Run("build-lpips", "--trunk", SharedFixtures.Reference("alexnet_features_random.pth"),
            "--lin", SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth"), "--out", output, "--json");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(output));
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.Equal(64, json.RootElement.GetProperty("sha256").GetString()!.Length);
    }

    [SharedFact]
    public void BuildFid_WithWrongWeights_ExitsTwo()
    {
        var output = Path.Combine(SharedFixtures.TempDir(), "fid.onnx");
        var (code, _, stderr) = ModelsCli.Run("build-fid", "--weights", SharedFixtures.Reference("alexnet_features_random.pth"), "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("not the FID Inception-v3 weights", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void BuildDinov2_RecordsTheChosenConvention_AndRefusesAWrongArch()
    {
        var weights = Dinov2.Dinov2Twin.Write("tiny", 1);
        var outPath = Path.Combine(SharedFixtures.TempDir(), "d.onnx");
        var (code, stdout, stderr) = ModelsCli.Run("build-dinov2", "--weights", weights, "--preprocess", "torch-fidelity", "--out", outPath, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.Equal(outPath, json.RootElement.GetProperty("out").GetString());
        using (var session = new Microsoft.ML.OnnxRuntime.InferenceSession(outPath))
            Assert.Equal("torch-fidelity", session.ModelMetadata.CustomMetadataMap["preprocess"]);
        (code, _, stderr) = ModelsCli.Run("build-dinov2", "--weights", weights, "--arch", "vitl14", "--out", outPath);
        Assert.Equal(2, code);
        Assert.Contains("not --arch vitl14", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        (code, _, stderr) = ModelsCli.Run("build-dinov2", "--weights", weights, "--preprocess", "clean", "--out", outPath);
        Assert.NotEqual(0, code);
    }

    [Fact]
    public void FetchAndBuild_UnknownModelName_IsOneLine()
    {
        var (code, _, stderr) = ModelsCli.Run("fetch-and-build", "--dir", SharedFixtures.TempDir(), "--models", "fid,dino");
        Assert.Equal(2, code);
        Assert.Contains("unknown model 'dino'", stderr);
    }
}
