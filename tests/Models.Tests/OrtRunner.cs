using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MmaGan.Models.Tests;

/// <summary>Runs an ONNX model in ONNX Runtime on named float inputs and returns every output as a flat array.</summary>
internal static class OrtRunner
{
    public static Dictionary<string, float[]> Run(byte[] model, params (string Name, float[] Data, int[] Shape)[] inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model, options);
        return Run(session, inputs);
    }

    public static Dictionary<string, float[]> Run(InferenceSession session, params (string Name, float[] Data, int[] Shape)[] inputs)
    {
        var values = inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(i.Data, i.Shape))).ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }
}
