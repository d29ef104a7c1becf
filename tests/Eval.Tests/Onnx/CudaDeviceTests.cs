using MmaGan.Eval.Features;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Onnx;

/// <summary>On a machine with a usable CUDA device (GPU build): the same model gives the CPU's numbers on the GPU.</summary>
[Trait("Category", "OrtDevice")]
public class CudaDeviceTests
{
    [CudaFact]
    public void TinyInceptionOnCudaMatchesTheCpu()
    {
        var dir = SharedFixtures.TempDir();
        var path = TestModels.TinyInception(dir);
        var images = new float[4 * 3 * 32 * 32];
        for (var i = 0; i < images.Length; i++) images[i] = (i * 37 % 255) / 255f;
        using var cpu = new InceptionModel(path, "cpu");
        using var cuda = new InceptionModel(path, "cuda");
        var (a, _) = cpu.Run(images, 4, 32, 32, false);
        var (b, _) = cuda.Run(images, 4, 32, 32, false);
        for (var i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 * (1 + Math.Abs(a[i])), $"feature {i}: cpu {a[i]} vs cuda {b[i]}");
        Directory.Delete(dir, true);
    }
}
