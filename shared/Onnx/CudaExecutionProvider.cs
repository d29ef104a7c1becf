using Microsoft.ML.OnnxRuntime;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Whether, and how, ONNX Runtime runs on CUDA device N here. There is no silent fallback to the CPU: a device that cannot
/// be used is one line saying why — the CPU build (<see cref="CpuBuildProblem"/>), a missing library
/// (<see cref="CudaLibraries"/>: named, with what to install) or what the driver said — and the command exits 2.
/// Each device is probed once per process: its libraries, then a one-node Conv model run on it (which creates the CUDA
/// context and loads cuDNN), so that a session's own errors are about its model, not the device.
/// </summary>
public static class CudaExecutionProvider
{
    static readonly Dictionary<int, string?> Probed = [];
    static readonly Lock Gate = new();

    /// <summary>The line a CPU build gives for <c>--device cuda</c>.</summary>
    public static string CpuBuildProblem =>
        $"this is the CPU build of mmagan-eval (ONNX Runtime {OrtRuntime.Version}, {OrtRuntime.CpuPackage}: CPU execution provider only); " +
        $"build the GPU one with `make build GPU=1` ({OrtRuntime.GpuPackage} {OrtRuntime.Version}, CUDA 13)";

    /// <summary>Throws the one-line <see cref="InputException"/> when <paramref name="device"/> is CUDA and cannot be used.</summary>
    public static void Require(OrtDevice device, string option = "--device")
    {
        if (device.CudaId is { } id && Problem(id) is { } problem)
            throw new InputException($"{option} {device.Text}: {problem}");
    }

    /// <summary>Why CUDA device <paramref name="deviceId"/> cannot be used here, or null when it can.</summary>
    public static string? Problem(int deviceId)
    {
        lock (Gate)
        {
            if (!Probed.TryGetValue(deviceId, out var problem)) Probed[deviceId] = problem = ProbeDevice(deviceId);
            return problem;
        }
    }

    /// <summary>Appends the CUDA provider for <paramref name="deviceId"/> with <paramref name="settings"/> (after <see cref="Require"/>).</summary>
    public static void Append(SessionOptions options, int deviceId, CudaProviderSettings settings)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(settings.ProviderOptions(deviceId));
        options.AppendExecutionProvider_CUDA(cuda);
    }

    static string? ProbeDevice(int deviceId)
    {
        if (!OrtRuntime.IsGpuBuild) return CpuBuildProblem;
        if (CudaLibraries.FirstMissing() is { } missing)
            return $"the CUDA execution provider cannot load: {missing.File} ({missing.ProvidedBy}) is missing; {CudaLibraries.InstallHint}";
        var env = OrtEnv.Instance();
        var logLevel = env.EnvLogLevel;
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL; // the one line below says it; ONNX Runtime's own log would repeat it
        try
        {
            using var options = new SessionOptions();
            Append(options, deviceId, CudaProviderSettings.Default);
            using var session = new InferenceSession(ProbeModel.Value, options);
            using var input = OrtValue.CreateTensorValueFromMemory(new[] { 1f, 2f, 3f, 4f }, [1, 1, 2, 2]);
            using var run = new RunOptions();
            using var output = session.Run(run, ["x"], [input], ["y"]);
            var y = output[0].GetTensorDataAsSpan<float>().ToArray();
            return y is [2f, 4f, 6f, 8f] ? null : $"a test convolution on cuda:{deviceId} gave [{string.Join(", ", y)}], expected [2, 4, 6, 8]";
        }
        catch (OnnxRuntimeException e)
        {
            var text = OrtErrors.Reason(e);
            return CudaLibraries.MissingIn(e.Message) is { } lib
                ? $"the CUDA execution provider cannot load: {lib} is missing; {CudaLibraries.InstallHint}"
                : text.Contains("Failed to load library", StringComparison.Ordinal)
                    ? $"the CUDA execution provider cannot load ({text}); {CudaLibraries.InstallHint}"
                    : $"CUDA device {deviceId} cannot be used: {text}";
        }
        finally { env.EnvLogLevel = logLevel; }
    }

    /// <summary>y = Conv(x, w = 2) on [1,1,2,2]: the smallest model that needs cuDNN.</summary>
    static readonly Lazy<byte[]> ProbeModel = new(() =>
    {
        var g = new OnnxGraphBuilder("cuda_probe");
        var x = g.AddInput("x", OnnxElementType.Float, 1, 1, 2, 2);
        var w = g.AddInitializer("w", new[] { 2f }, 1, 1, 1, 1);
        g.AddNode("Conv", [x, w], ["y"]);
        g.AddOutput("y", OnnxElementType.Float, 1, 1, 2, 2);
        return g.ToBytes();
    });
}
