using MmaGan.Eval.Tests.Cli;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Onnx;

/// <summary>
/// <c>--device cuda</c> never falls back to the CPU. Every evaluator command that runs a model refuses a CUDA
/// device it cannot use in one line, exit 2, before writing anything: the CPU build says it is the CPU build and how to
/// build the GPU one; the GPU build on a machine without CUDA (this one) names the first missing library and what to install.
/// </summary>
[Trait("Category", "OrtDevice")]
public class CudaRefusalTests
{
    /// <summary>What the one line must say on this build here (null: CUDA works, nothing to refuse).</summary>
    static string[]? Expected(string device)
    {
        if (!OrtBuild.Gpu) return [$"error: --device {device}: this is the CPU build of mmagan-eval", "make build GPU=1"];
        return CudaLibraries.FirstMissing() is { } missing
            ? [$"error: --device {device}: the CUDA execution provider cannot load: {missing.File}", "CUDA 13 runtime", "cuBLAS", "cuDNN 9"]
            : OrtBuild.CudaUsable ? null : [$"error: --device {device}: CUDA device"];
    }

    [Fact]
    public void EveryModelCommandRefusesAnUnusableCudaDeviceInOneLine()
    {
        if (OrtBuild.CudaUsable) return; // nothing to refuse: CudaDeviceTests cover this machine
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var model = TestModels.TinyInception(dir);
        var outDir = Path.Combine(dir, "out");
        var cases = new[]
        {
            new[] { "fid", gen, gen, "--inception", model, "--n", "4" },
            ["stats", gen, "--n", "4", "--inception", model, "--out", Path.Combine(outDir, "s.npz")],
            ["is", gen, "--n", "4", "--inception", model],
            ["lpips", gen, "--n", "4", "--lpips", model],
            ["kid", gen, gen, "--n", "4", "--inception", model],
            ["prdc", gen, gen, "--n", "4", "--inception", model],
            ["fd-inf", gen, gen, "--n", "4", "--inception", model],
            ["run", "--generator", gen, "--n", "4", "--reference", gen, "--inception", model, "--out", Path.Combine(outDir, "r.csv")],
            ["toy", gen, "--data", "ring8"],
            ["modes", gen, "--n", "4", "--classifier", model],
            ["generate", gen, "--n", "4", "--out", outDir],
            ["bench", "--fid-only"],
            ["doctor", "--require"],
        };
        foreach (var device in new[] { "cuda", "cuda:1" })
            foreach (var args in cases)
            {
                var r = EvalCli.Run([.. args, "--device", device]);
                var command = $"{string.Join(" ", args)} --device {device}";
                Assert.True(r.ExitCode == 2, $"{command} → exit {r.ExitCode}: {r.Stderr}");
                var line = Assert.Single(r.Stderr.Trim().Split('\n'));
                var expected = Expected(device)!;
                Assert.True(line.StartsWith(expected[0], StringComparison.Ordinal), $"{command}: {line}");
                foreach (var part in expected.Skip(1)) Assert.Contains(part, line);
            }
        Assert.False(Directory.Exists(outDir));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda0")]
    public void ADeviceThatIsNeitherCpuNorCudaIsOneLine(string device)
    {
        var r = EvalCli.Run("toy", "g.onnx", "--data", "ring8", "--device", device);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --device '{device}': expected cpu, cuda or cuda:N (N = CUDA device number, 0 first)", Assert.Single(r.Stderr.Trim().Split('\n')));
    }

    /// <summary>The library the probe names is the one ONNX Runtime's own loader stops at (the table's order is the loader's).</summary>
    [GpuBuildWithoutCudaFact]
    public void TheFirstMissingLibraryIsTheOneOnnxRuntimeFailsOn()
    {
        var first = CudaLibraries.FirstMissing();
        Assert.NotNull(first);
        var e = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() =>
        {
            using var cuda = new Microsoft.ML.OnnxRuntime.OrtCUDAProviderOptions();
            cuda.UpdateOptions(CudaProviderSettings.Default.ProviderOptions(0));
        });
        Assert.Equal(first.Value.File, CudaLibraries.MissingIn(e.Message));
    }
}
