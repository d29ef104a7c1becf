using MmaGan.Shared.IO;

namespace MmaGan.Eval.Onnx;

/// <summary>Default model locations: models/fid-inception.onnx and models/lpips-alex.onnx under the repository root
/// (the folder holding MmaGan.sln above the executable, or the current directory).</summary>
public static class ModelPaths
{
    public const string InceptionFile = "fid-inception.onnx";
    public const string LpipsFile = "lpips-alex.onnx";

    public static string? RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MmaGan.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The explicit path, else the default one; a missing default gives one clear line.</summary>
    public static string Resolve(string? given, string fileName, string option)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        var root = RepoRoot();
        var path = Path.Combine(root ?? Directory.GetCurrentDirectory(), "models", fileName);
        if (!File.Exists(path))
            throw InputException.ForFile(path, $"model not found; run `make models` or pass {option} PATH");
        return path;
    }
}
