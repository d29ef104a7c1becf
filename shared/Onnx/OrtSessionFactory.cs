using Microsoft.ML.OnnxRuntime;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// The one place ONNX Runtime sessions get their settings: all graph optimisations, <c>threads</c> intra-op threads
/// (0 = all cores), one inter-op thread, and on <c>cuda:N</c> the CUDA execution provider with
/// <see cref="CudaProviderSettings"/> in front of the CPU one (which keeps the few nodes CUDA does not implement, e.g.
/// shape arithmetic). A CUDA device that cannot be used is refused first (<see cref="CudaExecutionProvider.Require"/>).
/// </summary>
public static class OrtSessionFactory
{
    /// <summary>Options for a session on <paramref name="device"/>; the caller disposes them after creating the session.</summary>
    /// <exception cref="IO.InputException">The device is CUDA and cannot be used here (one line saying why).</exception>
    public static SessionOptions Create(OrtDevice device, int threads = 0, CudaProviderSettings? cuda = null, string option = "--device")
    {
        CudaExecutionProvider.Require(device, option);
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, InterOpNumThreads = 1 };
        try
        {
            options.IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount;
            if (device.CudaId is { } id) CudaExecutionProvider.Append(options, id, cuda ?? CudaProviderSettings.Default);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
