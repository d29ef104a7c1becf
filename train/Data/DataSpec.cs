using MmaGan.Shared.IO;
using MmaGan.Shared.Toy;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// Parses <c>--data</c>: <c>ring8</c>, <c>grid25</c>, <c>ring8-pacgan</c>, <c>mnist:PATH</c>, <c>cifar10:PATH</c>, <c>images:DIR</c>.
/// </summary>
public static class DataSpec
{
    public static string DatasetName(string spec) => spec.Split(':', 2)[0];

    /// <param name="trainSet">Toys only: a fixed training set of this many samples drawn once from the seed (0 = a fresh stream).</param>
    public static IBatchSource Open(string spec, int imageSize, int seed, int trainSet = 0)
    {
        if (ToyMixture.IsToy(spec)) return new ToyBatchSource(ToyMixture.Get(spec), seed, trainSet);
        var parts = spec.Split(':', 2);
        if (parts.Length != 2 || parts[1].Length == 0)
            throw new InputException($"--data: unknown dataset '{spec}' (expected ring8, grid25, ring8-pacgan, mnist:PATH, cifar10:PATH or images:DIR)");
        var path = parts[1];
        switch (parts[0])
        {
            case "mnist":
            {
                if (imageSize != 32) throw new InputException("--image-size: MNIST is trained at 32 (digits padded to 32×32)");
                var (px, n, s) = MnistReader.Read(path);
                return new ImageBatchSource("mnist", tensor(px, [n, 1, s, s]), seed);
            }
            case "cifar10":
            {
                if (imageSize != 32) throw new InputException("--image-size: CIFAR-10 is 32×32");
                var (px, n) = Cifar10Reader.Read(path);
                return new ImageBatchSource("cifar10", tensor(px, [n, 3, 32, 32]), seed);
            }
            case "images":
            {
                var (px, n) = ImageFolderReader.Read(path, imageSize);
                return new ImageBatchSource("images", tensor(px, [n, 3, imageSize, imageSize]), seed);
            }
            default:
                throw new InputException($"--data: unknown dataset kind '{parts[0]}' (expected mnist, cifar10 or images)");
        }
    }
}
