using System.CommandLine;
using System.Text.Json;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Cli;

/// <summary>One command line that failed <see cref="ArgumentCheck"/>: its index in the file and the one-line problem.</summary>
public sealed record ArgumentProblem(int Index, string Message);

/// <summary>What <c>check-args</c> prints as its JSON line: how many command lines it checked and each that failed.</summary>
public sealed record ArgumentCheckResult(int Checked, IReadOnlyList<ArgumentProblem> Problems);

/// <summary>
/// <c>PROGRAM check-args FILE</c> (hidden): parses every command line in FILE — a JSON list of argument lists — with the
/// program's own parser and checks what it asks for without running it, so that a sweep refuses a bad trainer or
/// evaluator argument (an unknown flag, a missing model) before its first run instead of failing hours later. Prints
/// one JSON line (<see cref="ArgumentCheckResult"/>); exits 2 when any command line fails, 0 otherwise.
/// </summary>
public static class ArgumentCheck
{
    public const string CommandName = "check-args";

    /// <param name="root">Builds the program's root command (a fresh one per command line).</param>
    /// <param name="check">Checks a parsed command line beyond its syntax (throws <see cref="InputException"/>); it runs nothing.</param>
    public static Command Create(Func<RootCommand> root, Action<ParseResult> check)
    {
        var file = new Argument<string>("FILE") { Description = "JSON list of argument lists" };
        var command = new Command(CommandName, "check command lines with this program's parser, running nothing (the sweep runner's preflight)") { file };
        command.Hidden = true;
        command.SetAction(p => CliRunner.Run(() =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
            string[][] lists;
            try { lists = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(path)) ?? []; }
            catch (JsonException e) { throw InputException.ForFile(path, "not a JSON list of argument lists: " + CliRunner.OneLine(e.Message)); }
            var problems = new List<ArgumentProblem>();
            for (var i = 0; i < lists.Length; i++)
                if (Problem(root(), lists[i], check) is { } message) problems.Add(new ArgumentProblem(i, message));
            var result = new ArgumentCheckResult(lists.Length, problems);
            Console.WriteLine(JsonSerializer.Serialize(result, Json));
            return problems.Count == 0 ? CliRunner.Ok : CliRunner.BadInput;
        }));
        return command;
    }

    /// <summary>The one-line problem of one command line, or null when it parses and checks.</summary>
    public static string? Problem(RootCommand root, IReadOnlyList<string> args, Action<ParseResult> check)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return CommandLine.Describe(parsed);
        try { check(parsed); return null; }
        catch (InputException e) { return CliRunner.OneLine(e.Message); }
    }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
