namespace MmaGan.Shared.Models;

/// <summary>
/// The one folder every command reads pretrained models from and writes them to: <c>$MMAGAN_MODELS</c> when set,
/// else <c>models/</c> in the repository (the folder holding <c>MmaGan.sln</c> above the executable, or above the
/// current directory), else <c>./models</c>. <c>models build-*</c>, <c>models fetch-and-build</c> and every metric
/// command resolve the same path, so a model built from any working directory is found from any other.
/// </summary>
public static class ModelsFolder
{
    public const string Variable = "MMAGAN_MODELS";

    /// <summary>The repository root: the nearest folder holding MmaGan.sln above the executable or the current directory.</summary>
    public static string? RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MmaGan.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The models folder (see the class remarks); not created.</summary>
    public static string Current => Resolve(Environment.GetEnvironmentVariable(Variable), RepoRoot());

    /// <summary><paramref name="overrideDir"/> (MMAGAN_MODELS) if given, else REPO/models, else ./models — as an absolute path.</summary>
    public static string Resolve(string? overrideDir, string? repoRoot) =>
        Path.GetFullPath(!string.IsNullOrWhiteSpace(overrideDir) ? overrideDir
            : Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "models"));

    /// <summary>The path of <paramref name="fileName"/> in the models folder.</summary>
    public static string FileIn(string fileName) => Path.Combine(Current, fileName);
}
