using System.Globalization;

namespace MmaGan.Shared.Onnx;

/// <summary>A generator's output range as written in metadata or on the command line: "[-1,1]", "0,1", or "unbounded".</summary>
public static class OutputRangeParser
{
    public static readonly (float Low, float High) Default = (-1f, 1f);

    /// <summary>Parses "LOW,HIGH" (brackets optional, LOW &lt; HIGH) or "unbounded" (−∞, ∞).</summary>
    public static bool TryParse(string? text, out (float Low, float High) range)
    {
        range = Default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (text.Trim().Equals("unbounded", StringComparison.OrdinalIgnoreCase))
        {
            range = (float.NegativeInfinity, float.PositiveInfinity);
            return true;
        }
        var parts = text.Trim().TrimStart('[', '(').TrimEnd(']', ')').Split(',');
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            && low < high)
        {
            range = (low, high);
            return true;
        }
        return false;
    }
}
