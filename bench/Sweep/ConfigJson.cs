using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>One thing wrong in a config: where (the JSON path, e.g. <c>train.steps</c>, and the 1-based line) and what.</summary>
public sealed record ConfigProblem(string Path, int? Line, string Message)
{
    public override string ToString() => (Line is { } l ? $"line {l}, " : "") + (Path.Length > 0 ? $"{Path}: " : "") + Message;

    /// <summary>One line naming the file and every problem (the bad-input contract: one line, exit 2).</summary>
    public static InputException Exception(string file, IReadOnlyList<ConfigProblem> problems) =>
        InputException.ForFile(file, problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems: {string.Join("; ", problems)}");
}

/// <summary>
/// Reads a config's JSON strictly before any value is bound, against the record type it binds to ([JsonPropertyName]
/// properties), and finds every problem in one pass: keys given twice, unknown keys (with the nearest known one),
/// values of the wrong kind — a fraction or 1e30 where a whole number goes, a string where a number goes — each with its
/// JSON path and 1-based line, in plain words (never a .NET type name). Also records the line of every key, so that
/// later checks of the values can say where a value is.
/// </summary>
public static class ConfigJson
{
    /// <summary>The 1-based line of each JSON path (<c>train.steps</c>, <c>methods[1]</c>) in the file.</summary>
    public sealed class Lines
    {
        readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
        internal void Set(string path, int line) => _lines.TryAdd(path, line);
        /// <summary>The line of <paramref name="path"/>, else of its nearest enclosing path that has one.</summary>
        public int? Of(string path)
        {
            for (var p = path; ; p = Parent(p))
            {
                if (_lines.TryGetValue(p, out var l)) return l;
                if (p.Length == 0) return null;
            }
        }

        static string Parent(string p)
        {
            var i = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            return i <= 0 ? "" : p[..i];
        }
    }

    static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The problems of <paramref name="json"/> as a <typeparamref name="T"/>, and the lines of its keys.</summary>
    public static (List<ConfigProblem> Problems, Lines Lines) Check<T>(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<int>();
        for (var i = 0; i < bytes.Length; i++) if (bytes[i] == '\n') newlines.Add(i);
        int LineAt(long offset)
        {
            var k = newlines.BinarySearch((int)offset);
            return (k < 0 ? ~k : k) + 1;
        }
        var problems = new List<ConfigProblem>();
        var lines = new Lines();
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read()) return ([new ConfigProblem("", null, "empty config")], lines);
            Value(ref reader, typeof(T), "", nullable: false, problems, lines, LineAt);
            if (reader.Read()) problems.Add(new ConfigProblem("", LineAt(reader.TokenStartIndex), "text after the config's closing brace"));
        }
        catch (JsonException e)
        {
            problems.Add(new ConfigProblem("", (int?)(e.LineNumber + 1), "not valid JSON: " + CliRunner.OneLine(e.Message).Split(" LineNumber:")[0].TrimEnd('.')));
        }
        return (problems, lines);
    }

    /// <summary>Checks the value at the reader (its first token read) against <paramref name="type"/>, leaving the reader on its last token.</summary>
    static void Value(ref Utf8JsonReader reader, Type type, string path, bool nullable, List<ConfigProblem> problems, Lines lines, Func<long, int> lineAt)
    {
        var line = lineAt(reader.TokenStartIndex);
        void Wrong(string expected, ref Utf8JsonReader r) =>
            problems.Add(new ConfigProblem(path, line, $"expected {expected}, got {Shown(ref r)}"));

        if (Nullable.GetUnderlyingType(type) is { } inner) { type = inner; nullable = true; }
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!nullable) problems.Add(new ConfigProblem(path, line, $"expected {Kind(type)}, got null"));
            return;
        }
        if (type == typeof(string))
        {
            if (reader.TokenType != JsonTokenType.String) { Wrong("a string", ref reader); Skip(ref reader); }
            return;
        }
        if (type == typeof(bool))
        {
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) { Wrong("true or false", ref reader); Skip(ref reader); }
            return;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            if (reader.TokenType != JsonTokenType.Number) { Wrong("a whole number", ref reader); Skip(ref reader); return; }
            var ok = type == typeof(int) ? reader.TryGetInt32(out _) : reader.TryGetInt64(out _);
            if (!ok)
            {
                var whole = reader.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d;
                problems.Add(new ConfigProblem(path, line, whole
                    ? $"{Shown(ref reader)} is out of range (a whole number up to {(type == typeof(int) ? int.MaxValue : long.MaxValue).ToString(CultureInfo.InvariantCulture)}, written without an exponent)"
                    : $"expected a whole number, got {Shown(ref reader)}"));
            }
            return;
        }
        if (type == typeof(double))
        {
            if (reader.TokenType != JsonTokenType.Number) { Wrong("a number", ref reader); Skip(ref reader); return; }
            if (!reader.TryGetDouble(out var d) || !double.IsFinite(d)) problems.Add(new ConfigProblem(path, line, $"{Shown(ref reader)} is not a finite number"));
            return;
        }
        if (type.IsArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) { Wrong($"a list of {Kind(type.GetElementType()!)}", ref reader); Skip(ref reader); return; }
            var element = type.GetElementType()!;
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                lines.Set($"{path}[{i}]", lineAt(reader.TokenStartIndex));
                Value(ref reader, element, $"{path}[{i}]", nullable: false, problems, lines, lineAt);
            }
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject) { Wrong($"an object {{…}}", ref reader); Skip(ref reader); return; }
        var properties = Properties(type);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            var keyLine = lineAt(reader.TokenStartIndex);
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            reader.Read();
            if (seen.TryGetValue(key, out var first))
            {
                problems.Add(new ConfigProblem(keyPath, keyLine, $"given twice (first on line {first}); give each key once"));
                Skip(ref reader);
                continue;
            }
            seen[key] = keyLine;
            lines.Set(keyPath, keyLine);
            if (!properties.TryGetValue(key, out var property))
            {
                problems.Add(new ConfigProblem(keyPath, keyLine, "unknown key" + NearestNames.Suggestion(key, properties.Keys)));
                Skip(ref reader);
                continue;
            }
            Value(ref reader, property.PropertyType, keyPath, IsNullable(property), problems, lines, lineAt);
        }
    }

    static void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
    }

    /// <summary>A value as written: numbers as in the file (1e30, 2.5), strings quoted, containers by kind.</summary>
    static string Shown(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => "null",
    };

    /// <summary>What a type is called in messages: "a whole number", "a number", "a string", "true or false", "an object".</summary>
    static string Kind(Type t) =>
        Nullable.GetUnderlyingType(t) is { } u ? Kind(u)
        : t == typeof(int) || t == typeof(long) ? "a whole number"
        : t == typeof(double) ? "a number"
        : t == typeof(string) ? "a string"
        : t == typeof(bool) ? "true or false"
        : t.IsArray ? $"a list of {Kind(t.GetElementType()!)}"
        : "an object";

    static readonly NullabilityInfoContext Nullability = new();

    static bool IsNullable(PropertyInfo p) => !p.PropertyType.IsValueType && Nullability.Create(p).ReadState == NullabilityState.Nullable;

    static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.CanWrite)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal);
}
