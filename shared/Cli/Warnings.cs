namespace MmaGan.Shared.Cli;

/// <summary>
/// Warning lines on stderr, each printed once per command (a process): a model opened twice in one evaluation — for its
/// checks, then for the work — or two sources with the same problem warn once, not once per opening.
/// </summary>
public static class Warnings
{
    static readonly HashSet<string> Printed = [];

    /// <summary>Prints <c>warning: TEXT</c> unless this exact line was printed before; returns whether it printed.</summary>
    public static bool Once(string text) => Line("warning: " + text);

    /// <summary>Prints an informative stderr line (what a folder held, what was skipped) unless it was printed before.</summary>
    public static bool Line(string line)
    {
        lock (Printed)
            if (!Printed.Add(line)) return false;
        Console.Error.WriteLine(line);
        return true;
    }
}
