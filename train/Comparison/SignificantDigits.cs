using System.Globalization;

namespace MmaGan.Train.Comparison;

/// <summary>
/// Numbers as a table shows them: <see cref="Default"/> significant digits (0.693147 → 0.6931, 123.456 → 123.5; trailing zeros
/// dropped: 0.0100 → 0.01), never fewer digits than the integer part has (12345.6 → 12346), integers as integers (modes 37), scientific notation only below 1e-4
/// (0.000012345 → 1.235e-05), NaN as empty (a value not logged) — instead of a log's 17-digit round-trip floats.
/// </summary>
public static class SignificantDigits
{
    public const int Default = 4;

    public static string Format(double value, int digits = Default)
    {
        if (double.IsNaN(value)) return "";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return "0";
        if (value == Math.Round(value) && Math.Abs(value) < 1e15) return value.ToString("F0", CultureInfo.InvariantCulture);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude < -4) return value.ToString("0." + new string('#', Math.Max(1, digits - 1)) + "e+00", CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, digits - 1 - magnitude);
        var rounded = Math.Round(value, Math.Min(decimals, 15), MidpointRounding.AwayFromZero);
        if (decimals > 0 && Math.Abs(rounded) >= Math.Pow(10, magnitude + 1)) decimals--;   // 9.99996 → 10.00, not 10.000
        var text = rounded.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;   // 0.01000 → 0.01: no digits that say nothing
    }
}
