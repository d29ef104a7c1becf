using Microsoft.ML.OnnxRuntime;

namespace MmaGan.Shared.Onnx;

/// <summary>ONNX Runtime's error text as one readable line.</summary>
public static class OrtErrors
{
    /// <summary>The first line of <paramref name="e"/>'s message without ONNX Runtime's "[ErrorCode:…] source.cc:N function [ONNXRuntimeError] : 1 : FAIL :" prefix.</summary>
    public static string Reason(OnnxRuntimeException e) => Reason(e.Message);

    /// <inheritdoc cref="Reason(OnnxRuntimeException)"/>
    public static string Reason(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var marker = line.LastIndexOf(" : ", StringComparison.Ordinal);
        if (line.Contains("[ONNXRuntimeError]", StringComparison.Ordinal) && marker >= 0) return line[(marker + 3)..].Trim();
        return line.StartsWith("[ErrorCode:", StringComparison.Ordinal) && line.IndexOf(']') is var end and > 0 ? line[(end + 1)..].Trim() : line;
    }
}
