using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// Finds the repository root (the folder holding MmaGan.sln above this executable, or above the working directory) and
/// the launchers bin/mmagan-train and bin/mmagan-eval there. MMAGAN_ROOT overrides the root.
/// </summary>
public sealed record ToolLocator(string Root)
{
    public string Train => Path.Combine(Root, "bin", "mmagan-train");
    public string Eval => Path.Combine(Root, "bin", "mmagan-eval");

    public static ToolLocator Find()
    {
        if (Environment.GetEnvironmentVariable("MMAGAN_ROOT") is { Length: > 0 } env) return new ToolLocator(Path.GetFullPath(env));
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MmaGan.sln"))) return new ToolLocator(dir.FullName);
        throw new InputException("cannot find the repository root (a folder holding MmaGan.sln); set MMAGAN_ROOT");
    }

    public void CheckLaunchers()
    {
        foreach (var l in new[] { Train, Eval })
            if (!File.Exists(l)) throw InputException.ForFile(l, "launcher missing: run 'make build' in " + Root);
    }
}
