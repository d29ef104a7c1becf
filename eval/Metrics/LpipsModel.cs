using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Metrics;

/// <summary>
/// An LPIPS network (Zhang et al. 2018) as ONNX: inputs x0, x1 float32 [N,3,H,W] in [-1,1]; output distance [N] or
/// [N,1,1,1]. Any exporter's names work as long as there are two float inputs and one output.
/// LPIPS-alex cannot score images smaller than <see cref="MinSide"/> pixels (in the lpips package AlexNet's second max-pool has no
/// output there and the call fails): smaller images — 28×28 Stacked MNIST — are centred on black (−1) to 32×32 first, as
/// <c>mnist:</c> pads its digits.
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

    /// <summary>The smallest side LPIPS-alex scores (see the class remarks).</summary>
    public const int MinSide = 32;

    /// <summary>LPIPS distances of n pairs of images [n,3,h,w] in [-1,1].</summary>
    public float[] Distance(float[] x0, float[] x1, int n, int height, int width)
    {
        if (height < MinSide || width < MinSide)
        {
            (x0, x1) = (PadToMinSide(x0, n, height, width), PadToMinSide(x1, n, height, width));
            (height, width) = (Math.Max(height, MinSide), Math.Max(width, MinSide));
        }
        var shape = new long[] { n, 3, height, width };
        using var a = OrtValue.CreateTensorValueFromMemory(x0, shape);
        using var b = OrtValue.CreateTensorValueFromMemory(x1, shape);
        using var run = new RunOptions();
        using var results = _session.Run(run, [_in0, _in1], [a, b], [_out]);
        var d = results[0].GetTensorDataAsSpan<float>().ToArray();
        if (d.Length != n) throw InputException.ForFile(Path, $"LPIPS output has {d.Length} values for {n} pairs; expected [N] or [N,1,1,1]");
        return d;
    }

    /// <summary>Images [n,3,h,w] centred on −1 in planes of at least <see cref="MinSide"/>×<see cref="MinSide"/>.</summary>
    static float[] PadToMinSide(float[] x, int n, int height, int width)
    {
        int h = Math.Max(height, MinSide), w = Math.Max(width, MinSide), top = (h - height) / 2, left = (w - width) / 2;
        var padded = new float[(long)n * 3 * h * w];
        Array.Fill(padded, -1f);
        for (var p = 0; p < n * 3; p++)
            for (var y = 0; y < height; y++)
                Array.Copy(x, (p * height + y) * width, padded, (p * h + y + top) * w + left, width);
        return padded;
    }

    public void Dispose() => _session.Dispose();
}
