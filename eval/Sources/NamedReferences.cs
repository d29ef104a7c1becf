using MmaGan.Eval.Onnx;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>A named reference data set: its name and the files it reads.</summary>
public sealed record NamedReference(string Name, IReadOnlyList<string> Files, bool IsIdx)
{
    /// <summary>Opens the reference's images (the first <paramref name="limit"/>, or all).</summary>
    public IImageSource Open(int? limit) => IsIdx ? new MnistIdxSource(Files[0], limit) : new Cifar10BinSource(Files, limit);
}

/// <summary>
/// Reference sets by name, as torch-fidelity's <c>--input2 cifar10-train</c>: <c>cifar10-train</c> =
/// data/cifar10/data_batch_{1..5}.bin, <c>cifar10-test</c> = data/cifar10/test_batch.bin, <c>mnist</c> =
/// data/mnist/train-images-idx3-ubyte[.gz] (else t10k-images-idx3-ubyte[.gz], the MNIST test set), under
/// <c>$MMAGAN_SHARED</c> (default: ../shared beside the repository).
/// </summary>
public static class NamedReferences
{
    public const string SharedVariable = "MMAGAN_SHARED";
    public static readonly IReadOnlyList<string> Names = ["cifar10-train", "cifar10-test", "mnist"];

    public static bool IsName(string source) => Names.Contains(source);

    /// <summary>The shared data folder: $MMAGAN_SHARED/data, else ../shared/data beside the repository root.</summary>
    public static string DataRoot()
    {
        var env = Environment.GetEnvironmentVariable(SharedVariable);
        var shared = !string.IsNullOrEmpty(env) ? env : Path.Combine(ModelPaths.RepoRoot() ?? Directory.GetCurrentDirectory(), "..", "shared");
        return Path.GetFullPath(Path.Combine(shared, "data"));
    }

    /// <summary>The reference called <paramref name="name"/>; a one-line error naming the missing files if it is not all there.</summary>
    public static NamedReference Resolve(string name)
    {
        var root = DataRoot();
        switch (name)
        {
            case "cifar10-train":
            {
                var files = Enumerable.Range(1, 5).Select(i => Path.Combine(root, "cifar10", $"data_batch_{i}.bin")).ToArray();
                var missing = files.Where(f => !File.Exists(f)).ToArray();
                if (missing.Length > 0)
                    throw new InputException($"cifar10-train: missing {string.Join(", ", missing)} (set {SharedVariable} to the shared folder holding data/cifar10)");
                return new NamedReference(name, files, false);
            }
            case "cifar10-test":
            {
                var file = Path.Combine(root, "cifar10", "test_batch.bin");
                if (!File.Exists(file)) throw new InputException($"cifar10-test: missing {file} (set {SharedVariable} to the shared folder holding data/cifar10)");
                return new NamedReference(name, [file], false);
            }
            case "mnist":
            {
                string[] candidates = ["train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"];
                var found = candidates.Select(c => Path.Combine(root, "mnist", c)).FirstOrDefault(File.Exists);
                return found != null ? new NamedReference(name, [found], true)
                    : throw new InputException($"mnist: missing {Path.Combine(root, "mnist", "train-images-idx3-ubyte[.gz]")} (or t10k-images-idx3-ubyte[.gz]) (set {SharedVariable} to the shared folder holding data/mnist)");
            }
            default: throw new InputException($"unknown reference '{name}' (expected {string.Join(", ", Names)})");
        }
    }
}
