using Microsoft.ML.OnnxRuntime;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Onnx;

/// <summary>Opens ONNX Runtime sessions for the evaluator's models (settings: <see cref="OrtSessionFactory"/>) with one-line errors for bad input.</summary>
public static class OrtSessions
{
    /// <summary>Validates a --device value: "cpu", or "cuda" / "cuda:N", which needs the GPU build (make build GPU=1) and a
    /// usable CUDA device here; otherwise one line saying which of the two is missing (never a silent CPU fallback).</summary>
    public static void CheckDevice(string device) => CudaExecutionProvider.Require(OrtDevice.Parse(device));

    /// <param name="threads">Intra-op threads; 0 = one per core.</param>
    /// <param name="cuda">CUDA provider options (null = <see cref="CudaProviderSettings.Default"/>; the bench varies them).</param>
    public static InferenceSession Open(string path, string what, string device = "cpu", int threads = 0, CudaProviderSettings? cuda = null)
    {
        var where = OrtDevice.Parse(device);
        CudaExecutionProvider.Require(where);
        if (!File.Exists(path)) throw InputException.ForFile(path, $"{what} model not found");
        using var options = OrtSessionFactory.Create(where, threads, cuda);
        try { return new InferenceSession(path, options); }
        catch (OnnxRuntimeException e)
        {
            throw InputException.ForFile(path, $"not a loadable ONNX {what} model: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    public static string Shape(IEnumerable<int> dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
