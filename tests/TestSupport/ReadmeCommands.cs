using System.CommandLine;
using System.Text.RegularExpressions;

namespace MmaGan.TestSupport;

/// <summary>The README's command table (rows <c>| `mmagan-eval fid` | description |</c>) against a program's own commands and --help descriptions.</summary>
public static class ReadmeCommands
{
    /// <summary>The README's rows of <paramref name="program"/>: command line → description.</summary>
    public static Dictionary<string, string> Rows(string program)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(SharedFixtures.RepoRoot, "README.md")))
            if (Regex.Match(line, @"^\| `(?<cmd>" + Regex.Escape(program) + @"(?: [a-z0-9-]+)*)` \| (?<desc>.*) \|$") is { Success: true } m)
                rows[m.Groups["cmd"].Value] = m.Groups["desc"].Value;
        return rows;
    }

    /// <summary>Asserts that the README's rows of <paramref name="program"/> are exactly its commands with their --help descriptions.</summary>
    public static void AssertAgree(string program, RootCommand root) =>
        Xunit.Assert.Equal(OfProgram(program, root).OrderBy(kv => kv.Key), Rows(program).OrderBy(kv => kv.Key));

    /// <summary>Every visible command of <paramref name="root"/> as it is typed, with the description --help shows.</summary>
    public static Dictionary<string, string> OfProgram(string program, RootCommand root)
    {
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(Command c, string path)
        {
            commands[path] = c.Description ?? "";
            foreach (var sub in c.Subcommands.Where(s => !s.Hidden)) Walk(sub, $"{path} {sub.Name}");
        }
        Walk(root, program);
        return commands;
    }
}
