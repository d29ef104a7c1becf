using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;
using MmaGan.Shared.Toy;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// Parses <c>--data</c>: <c>ring8</c>, <c>grid25</c>, <c>ring8-pacgan</c>, or an image data set <c>mnist:PATH</c>, <c>cifar10:PATH</c>,
/// <c>images:DIR</c> (<see cref="ImageDataSpec"/>, read by <see cref="ImageDatasetReader"/> exactly as the evaluator
/// reads the same spec), or <c>stacked-mnist:PATH</c> (<see cref="StackedMnistBatchSource"/>: fresh draws per batch, or a fixed
/// training set).
/// </summary>
public static class DataSpec
{
    public static string DatasetName(string spec) => spec.Split(':', 2)[0];

    /// <param name="trainSet">Toys and stacked-mnist: a fixed training set of this many samples drawn once from the seed (0 = a fresh stream).</param>
    public static IBatchSource Open(string spec, int imageSize, int seed, int trainSet = 0)
    {
        if (ToyMixture.IsToy(spec)) return new ToyBatchSource(ToyMixture.Get(spec), seed, trainSet);
        var data = ImageDataSpec.TryParse(spec);
        if (data is null)
        {
            var kind = spec.Split(':', 2);
            throw new InputException(kind.Length == 2
                ? $"--data: unknown dataset kind '{kind[0]}' (expected mnist, stacked-mnist, cifar10 or images)"
                : $"--data: unknown dataset '{spec}' (expected ring8, grid25, ring8-pacgan, mnist:PATH, stacked-mnist:PATH, cifar10:PATH or images:DIR)");
        }
        if (data.Kind == ImageDataSpec.StackedMnist) return StackedMnistBatchSource.Open(data.Path, imageSize, seed, trainSet);
        var images = ImageDatasetReader.Read(data, imageSize, log: Console.Error.WriteLine);
        return new ImageBatchSource(images.Description, tensor(images.Pixels, [images.Count, images.Channels, images.Size, images.Size]), seed);
    }
}
