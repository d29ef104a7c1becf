using System.Globalization;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Where ONNX Runtime runs a model: <c>cpu</c>, or CUDA device N (<c>cuda</c> = <c>cuda:0</c>) through the CUDA execution
/// provider of the GPU build. <see cref="Text"/> is the value as the user gave it (for messages).
/// </summary>
public sealed record OrtDevice(int? CudaId, string Text)
{
    public static readonly OrtDevice Cpu = new(null, "cpu");

    public bool IsCuda => CudaId is not null;

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive); anything else is one line naming <paramref name="option"/>.</summary>
    public static OrtDevice Parse(string? text, string option = "--device")
    {
        var t = (text ?? "").Trim();
        if (t.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return Cpu with { Text = t };
        if (t.Equals("cuda", StringComparison.OrdinalIgnoreCase)) return new OrtDevice(0, t);
        if (t.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return new OrtDevice(id, t);
        throw new InputException($"{option} '{text}': expected cpu, cuda or cuda:N (N = CUDA device number, 0 first)");
    }

    /// <summary>Whether <paramref name="text"/> parses (for config validation).</summary>
    public static bool IsValid(string? text)
    {
        try { Parse(text); return true; }
        catch (InputException) { return false; }
    }

    public override string ToString() => CudaId is { } id ? $"cuda:{id}" : "cpu";
}
