using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace MmaGan.Shared.Cli;

/// <summary>
/// The one command-line grammar of mmagan-train, mmagan-eval and mmagan-bench: parse, and on any parse error — an
/// unknown flag, a missing value, a value of the wrong kind — print one line to stderr (<c>error: PROGRAM COMMAND: …</c>,
/// with the nearest valid names for an unknown one, never a .NET type name) and exit <see cref="CliRunner.BadInput"/> (2),
/// as every other bad input does; otherwise run the command.
/// </summary>
public static class CommandLine
{
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        // --help (an option's own action) shows the help even when the rest of the line is incomplete.
        var optionAction = parsed.Action is not (null or System.CommandLine.Invocation.ParseErrorAction) && parsed.Action != parsed.CommandResult.Command.Action;
        if (parsed.Errors.Count == 0 || optionAction) return parsed.Invoke();
        Console.Error.WriteLine("error: " + Describe(parsed));
        return CliRunner.BadInput;
    }

    /// <summary>The parse errors of <paramref name="parsed"/> as one line, prefixed with the command they belong to.</summary>
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        var unmatched = new HashSet<string>(parsed.UnmatchedTokens, StringComparer.Ordinal);
        var problems = new List<string>();
        string? previous = null;
        foreach (var token in parsed.UnmatchedTokens)
        {
            if (token.StartsWith('-'))
                problems.Add($"unknown option '{token}'{Suggestion(token, OptionNames(parsed.CommandResult))}");
            else if (previous?.StartsWith('-') != true)   // not the value of an unknown option
                problems.Add($"unexpected argument '{token}'{Suggestion(token, command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)))}");
            previous = token;
        }
        foreach (var e in parsed.Errors)
        {
            if (unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            if (e.Message.Contains("Required command was not provided", StringComparison.Ordinal))
            {
                if (problems.Count == 0) problems.Add($"a command is needed: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} (see --help)");
                continue;
            }
            problems.Add(Plain(e));
        }
        return $"{path}: {string.Join("; ", problems.Distinct())}";
    }

    /// <summary>A parse error in plain words: "missing argument A", "--out is required", "--data 'ring9': expected ring8, grid25 or ring8-pacgan".</summary>
    static string Plain(ParseError e)
    {
        var m = e.Message;
        if (Regex.Match(m, @"^Required argument '(?<a>[^']*)' missing") is { Success: true } arg) return $"missing argument {arg.Groups["a"].Value}";
        if (Regex.Match(m, @"^Option '(?<o>[^']*)' is required") is { Success: true } req) return $"{req.Groups["o"].Value} is required";
        if (Regex.Match(m, @"^Argument '(?<v>.*)' not recognized\. Must be one of:(?<list>.*)$", RegexOptions.Singleline) is { Success: true } among)
        {
            var choices = Regex.Matches(among.Groups["list"].Value, "'([^']*)'").Select(c => c.Groups[1].Value).ToList();
            var value = among.Groups["v"].Value;
            var name = e.SymbolResult is OptionResult o ? o.Option.Name + " " : (e.SymbolResult as ArgumentResult)?.Parent is OptionResult p ? p.Option.Name + " " : "";
            return $"{name}'{value}': expected {string.Join(", ", choices.SkipLast(1))}{(choices.Count > 1 ? " or " : "")}{choices.LastOrDefault()}{NearestNames.Suggestion(value, choices)}";
        }
        return CliRunner.OneLine(ParseErrorText.Humanize(m)).TrimEnd('.');
    }

    static string Suggestion(string given, IEnumerable<string> valid)
    {
        var near = NearestNames.Suggestion(given, valid);
        return near.Length > 0 ? near : " (see --help)";
    }

    /// <summary>"mmagan-eval fid": the root's name and the subcommands down to <paramref name="result"/>.</summary>
    static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>Every name and alias of the options a command takes (its own and its parents' recursive ones, such as --help).</summary>
    static IEnumerable<string> OptionNames(CommandResult result)
    {
        var own = result.Command.Options.Where(o => !o.Hidden);
        var inherited = new List<Option>();
        for (var r = result.Parent as CommandResult; r is not null; r = r.Parent as CommandResult) inherited.AddRange(r.Command.Options.Where(o => o.Recursive && !o.Hidden));
        return own.Concat(inherited).SelectMany(o => o.Aliases.Prepend(o.Name));
    }
}
