using System.CommandLine;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>How data-set sources are read: <c>--image-size</c> for <c>images:DIR</c> (as the trainer's flag) and
/// <c>--recursive</c> for plain image folders (torch-fidelity's <c>--samples-find-deep</c>, also accepted).</summary>
internal static class DatasetOptions
{
    public static Option<int> ImageSize() => new("--image-size")
    {
        Description = "side of images:DIR sources after centre crop and resize, as the trainer's --image-size (32 | 64 | 128 | 256)",
        DefaultValueFactory = _ => 32,
    };

    public static Option<bool> Recursive() => new("--recursive", "--samples-find-deep") { Description = "read plain image folders with their subfolders" };

    public static int CheckImageSize(int size) =>
        size is 32 or 64 or 128 or 256 ? size : throw new InputException($"--image-size {size}: must be 32, 64, 128 or 256");
}
