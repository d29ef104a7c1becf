using Microsoft.ML.OnnxRuntime;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// The ONNX Runtime this process loaded: its version and the execution providers compiled into it. The GPU build
/// (<c>make build GPU=1</c>: Microsoft.ML.OnnxRuntime.Gpu.Linux) has the CUDA provider; the default build
/// (Microsoft.ML.OnnxRuntime) has only the CPU one. Read from the native library itself, so it is true of whatever build runs.
/// </summary>
public static class OrtRuntime
{
    public const string CudaProvider = "CUDAExecutionProvider";
    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu.Linux";

    static readonly Lazy<string[]> Providers = new(() => OrtEnv.Instance().GetAvailableProviders());

    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>The execution providers compiled in, in ONNX Runtime's order of preference (CPU last).</summary>
    public static IReadOnlyList<string> CompiledProviders => Providers.Value;

    /// <summary>True for the GPU build (the CUDA execution provider is compiled in; whether it loads is another matter).</summary>
    public static bool IsGpuBuild => Providers.Value.Contains(CudaProvider);

    /// <summary>"GPU" or "CPU".</summary>
    public static string Build => IsGpuBuild ? "GPU" : "CPU";

    /// <summary>The NuGet package that ships this native runtime.</summary>
    public static string Package => IsGpuBuild ? GpuPackage : CpuPackage;
}
