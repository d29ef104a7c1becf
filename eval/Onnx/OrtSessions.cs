using Microsoft.ML.OnnxRuntime;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Onnx;

/// <summary>Opens ONNX Runtime sessions for the evaluator's models with one-line errors for bad input.</summary>
public static class OrtSessions
{
    /// <summary>Validates a --device value: "cpu", or "cuda[:ID]" which needs the GPU build (make build GPU=1).</summary>
    public static void CheckDevice(string device)
    {
        if (device.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return;
        if (!device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"--device '{device}': expected cpu or cuda[:ID]");
#if !MMAGAN_GPU
        throw new InputException($"--device {device}: this is the CPU build of mmagan-eval; rebuild with `make build GPU=1` for CUDA");
#endif
    }

    /// <param name="threads">Intra-op threads; 0 = one per core.</param>
    public static InferenceSession Open(string path, string what, string device = "cpu", int threads = 0)
    {
        CheckDevice(device);
        if (!File.Exists(path)) throw InputException.ForFile(path, $"{what} model not found");
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        try
        {
            if (device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            {
                var id = device.Contains(':') ? int.Parse(device[(device.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
                try { options.AppendExecutionProvider_CUDA(id); }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    throw new InputException($"--device {device}: CUDA is not available ({e.Message.Split('\n')[0].Trim()})");
                }
            }
            try { return new InferenceSession(path, options); }
            catch (OnnxRuntimeException e)
            {
                throw InputException.ForFile(path, $"not a loadable ONNX {what} model: {e.Message.Split('\n')[0].Trim()}");
            }
        }
        finally { options.Dispose(); }
    }

    public static string Shape(IEnumerable<int> dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
