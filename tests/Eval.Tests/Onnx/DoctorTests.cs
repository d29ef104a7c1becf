using System.Text.Json;
using MmaGan.Eval.Tests.Cli;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Onnx;

/// <summary><c>mmagan-eval doctor</c> reports the ONNX Runtime build, its providers and whether they load, and the models folder.</summary>
[Trait("Category", "OrtDevice")]
public class DoctorTests
{
    static JsonElement Report(IReadOnlyDictionary<string, string?> env, out string text)
    {
        var r = EvalCli.RunWith(env, "doctor", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        text = r.Stdout;
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    [Fact]
    public void ReportsTheBuildItsProvidersAndWhetherCudaLoads()
    {
        var dir = SharedFixtures.TempDir();
        var j = Report(new Dictionary<string, string?> { ["MMAGAN_MODELS"] = dir }, out var text);
        Assert.Equal(OrtRuntime.Version, j.GetProperty("onnxruntime_version").GetString());
        Assert.StartsWith("1.32.", j.GetProperty("onnxruntime_version").GetString());
        Assert.Equal(OrtBuild.Gpu ? "GPU" : "CPU", j.GetProperty("build").GetString());
        Assert.Contains($"ONNX Runtime    {OrtRuntime.Version}, {(OrtBuild.Gpu ? "GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux)" : "CPU build (Microsoft.ML.OnnxRuntime)")}", text);
        var compiled = j.GetProperty("providers_compiled_in").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("CPUExecutionProvider", compiled);
        Assert.Equal(OrtBuild.Gpu, compiled.Contains("CUDAExecutionProvider"));
        var cuda = j.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "CUDAExecutionProvider");
        Assert.Equal(OrtBuild.Gpu, cuda.GetProperty("compiled_in").GetBoolean());
        Assert.Equal(OrtBuild.CudaUsable, cuda.GetProperty("loads").GetBoolean());
        if (!OrtBuild.Gpu) Assert.Contains("CUDAExecutionProvider: not compiled in: this is the CPU build; `make build GPU=1`", text);
        else if (CudaLibraries.FirstMissing() is { } missing)
            Assert.Contains($"CUDAExecutionProvider: does not load: cuda:0: the CUDA execution provider cannot load: {missing.File}", text);
        Assert.Equal(CudaLibraries.Required.Count, j.GetProperty("cuda_libraries").GetArrayLength());
        Assert.Equal(Environment.ProcessorCount, j.GetProperty("cores").GetInt32());
        Assert.Equal(Path.GetFullPath(dir), j.GetProperty("models_folder").GetString());
        Assert.Equal(0, j.GetProperty("models").GetArrayLength());
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void ListsTheModelsFolderWithDigestsAndProvenance()
    {
        var dir = SharedFixtures.TempDir();
        var env = new Dictionary<string, string?> { ["MMAGAN_MODELS"] = dir };
        var built = EvalCli.RunWith(env, "models", "build-lpips", "--trunk", SharedFixtures.Reference("alexnet_features_random.pth"),
            "--lin", SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth"));
        Assert.True(built.ExitCode == 0, built.Stderr);
        File.Copy(SharedFixtures.Reference("lpips_alex_random.onnx"), Path.Combine(dir, "third-party.onnx"));
        File.WriteAllText(Path.Combine(dir, "broken.onnx"), "not a model");
        var j = Report(env, out var text);
        var models = j.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("file").GetString()!);
        Assert.Equal(["broken.onnx", "lpips-alex.onnx", "third-party.onnx"], models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("no", models["lpips-alex.onnx"].GetProperty("official").GetString());   // random trunk weights
        Assert.Contains("alexnet-owt-7be5be79.pth (7be5be79…)", models["lpips-alex.onnx"].GetProperty("detail").GetString());
        Assert.Equal("unknown", models["third-party.onnx"].GetProperty("official").GetString());
        Assert.Equal("no", models["broken.onnx"].GetProperty("official").GetString());
        Assert.StartsWith("not a loadable ONNX model", models["broken.onnx"].GetProperty("detail").GetString());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "third-party.onnx"))));
        Assert.Equal(sha, models["third-party.onnx"].GetProperty("sha256").GetString());
        Assert.Contains($"  third-party.onnx  9.4 MiB  sha256 {sha[..16]}…  official: unknown (records no source weights digest)", text);
        Directory.Delete(dir, true);
    }
}
