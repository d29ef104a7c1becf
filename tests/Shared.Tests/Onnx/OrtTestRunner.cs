using Microsoft.ML.OnnxRuntime;

namespace MmaGan.Shared.Tests.Onnx;

/// <summary>Loads model bytes into ONNX Runtime with strict shape/type inference and runs one float input.</summary>
internal static class OrtTestRunner
{
    public static InferenceSession Load(byte[] model)
    {
        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.strict_shape_type_inference", "1");
        return new InferenceSession(model, options);
    }

    public static (float[] Data, long[] Shape) Run(InferenceSession session, string input, float[] data, params long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        var outputName = session.OutputMetadata.Keys.First();
        using var results = session.Run(runOptions, [input], [value], [outputName]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }
}
