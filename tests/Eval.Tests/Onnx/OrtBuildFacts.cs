using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Tests.Onnx;

/// <summary>Which ONNX Runtime build these tests run on: the CPU one (`make test`) or the GPU one (`make build-gpu-check`,
/// `make test GPU=1`), and whether a CUDA device is usable here.</summary>
internal static class OrtBuild
{
    public static bool Gpu => OrtRuntime.IsGpuBuild;
    public static bool CudaUsable => Gpu && CudaExecutionProvider.Problem(0) is null;
}

/// <summary>A test of the GPU build on a machine where CUDA cannot be used (this one): skipped in the CPU build.</summary>
public sealed class GpuBuildWithoutCudaFactAttribute : Xunit.FactAttribute
{
    public GpuBuildWithoutCudaFactAttribute()
    {
        if (!OrtBuild.Gpu) Skip = "needs the GPU build (make build-gpu-check runs it)";
        else if (OrtBuild.CudaUsable) Skip = "CUDA is usable here: the CUDA tests apply instead";
    }
}

/// <summary>A test that runs on a usable CUDA device (GPU build, CUDA 13 libraries, a GPU).</summary>
public sealed class CudaFactAttribute : Xunit.FactAttribute
{
    public CudaFactAttribute()
    {
        if (!OrtBuild.Gpu) Skip = "needs the GPU build (make build-gpu-check) and a CUDA device";
        else if (!OrtBuild.CudaUsable) Skip = $"needs a usable CUDA device: {CudaExecutionProvider.Problem(0)}";
    }
}
