using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Metrics;

/// <summary>
/// An LPIPS network (Zhang et al. 2018) as ONNX: inputs x0, x1 float32 [N,3,H,W] in [-1,1]; output distance [N] or
/// [N,1,1,1]. Any exporter's names work as long as there are two float inputs and one output.
/// </summary>
public sealed class LpipsModel : IDisposable
{
    readonly InferenceSession _session;
    readonly string _in0, _in1, _out;
    public string Path { get; }
    /// <summary>Whether it was built from the official AlexNet + LPIPS v0.1 weights (<see cref="FeatureModelProvenance"/>).</summary>
    public MmaGan.Models.Fetch.Provenance Provenance { get; }

    public LpipsModel(string path, string device = "cpu", int threads = 0)
    {
        Path = path;
        _session = OrtSessions.Open(path, "LPIPS", device, threads);
        try
        {
            var inputs = _session.InputMetadata;
            if (inputs.Count != 2 || _session.OutputMetadata.Count < 1)
                throw InputException.ForFile(path, $"an LPIPS model needs inputs x0, x1 and an output distance; this one has {inputs.Count} inputs and {_session.OutputMetadata.Count} outputs");
            foreach (var (name, meta) in inputs)
                if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float || meta.Dimensions.Length != 4)
                    throw InputException.ForFile(path, $"LPIPS input '{name}' must be float32 [N,3,H,W], is {meta.ElementDataType} {OrtSessions.Shape(meta.Dimensions)}");
            var names = inputs.Keys.ToList();
            _in0 = names.Contains("x0") ? "x0" : names[0];
            _in1 = names.Contains("x1") ? "x1" : names.First(n => n != _in0);
            _out = _session.OutputMetadata.ContainsKey("distance") ? "distance" : _session.OutputMetadata.Keys.First();
            Provenance = FeatureModelProvenance.Check(_session, path, "LPIPS values");
        }
        catch { _session.Dispose(); throw; }
    }

    /// <summary>LPIPS distances of n pairs of images [n,3,h,w] in [-1,1].</summary>
    public float[] Distance(float[] x0, float[] x1, int n, int height, int width)
    {
        var shape = new long[] { n, 3, height, width };
        using var a = OrtValue.CreateTensorValueFromMemory(x0, shape);
        using var b = OrtValue.CreateTensorValueFromMemory(x1, shape);
        using var run = new RunOptions();
        using var results = _session.Run(run, [_in0, _in1], [a, b], [_out]);
        var d = results[0].GetTensorDataAsSpan<float>().ToArray();
        if (d.Length != n) throw InputException.ForFile(Path, $"LPIPS output has {d.Length} values for {n} pairs; expected [N] or [N,1,1,1]");
        return d;
    }

    public void Dispose() => _session.Dispose();
}
