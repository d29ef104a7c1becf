using System.Text.RegularExpressions;

namespace MmaGan.Shared.Cli;

/// <summary>
/// Command-line parse errors without .NET type names: System.CommandLine reports a value of the wrong kind as
/// "Cannot parse argument 'abc' for option '--steps' as expected type 'System.Nullable`1[System.Int64]'"; this says
/// "--steps 'abc': expected a whole number" instead (<see cref="CommandLine"/> prints it in its one <c>error:</c> line, exit code 2).
/// </summary>
public static partial class ParseErrorText
{
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex WrongKind();

    [GeneratedRegex(@"'?System\.[A-Za-z0-9_.`\[\],]+'?")]
    private static partial Regex TypeName();

    /// <summary>The message in plain words (unchanged when it names no .NET type).</summary>
    public static string Humanize(string message)
    {
        var m = WrongKind().Match(message.Trim());
        if (m.Success) return $"{m.Groups["name"].Value} '{m.Groups["value"].Value}': expected {Kind(m.Groups["type"].Value)}";
        return TypeName().Replace(message, "a value of another kind");
    }

    static string Kind(string type) =>
        type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : "a value of another kind";
}
