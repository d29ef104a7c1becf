using MmaGan.Shared.IO;
using MmaGan.Shared.Models;

namespace MmaGan.Eval.Onnx;

/// <summary>Default model locations: fid-inception.onnx and lpips-alex.onnx in the one models folder
/// (<see cref="ModelsFolder"/>: <c>$MMAGAN_MODELS</c>, else the repository's <c>models/</c>).</summary>
public static class ModelPaths
{
    public const string InceptionFile = "fid-inception.onnx";
    public const string LpipsFile = "lpips-alex.onnx";
    /// <summary>The MNIST digit classifier that counts Stacked MNIST modes (`mmagan-train classifier`, built by `make models`).</summary>
    public const string DigitClassifierFile = "mnist-classifier.onnx";

    public static string? RepoRoot() => ModelsFolder.RepoRoot();

    /// <summary>The explicit path, else the default one; a missing default gives one clear line.</summary>
    public static string Resolve(string? given, string fileName, string option)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        var path = ModelsFolder.FileIn(fileName);
        if (!File.Exists(path))
            throw InputException.ForFile(path, $"model not found; run `make models` (or set {ModelsFolder.Variable} to the folder holding it) or pass {option} PATH");
        return path;
    }
}
