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
    /// <summary>The data set's short name: a toy's own, an image spec's kind (<see cref="ImageDataSpec"/>, the one spec parser).</summary>
    public static string DatasetName(string spec) => ToyMixture.IsToy(spec) ? spec : ImageDataSpec.KindOf(spec) ?? spec;

    /// <param name="trainSet">Toys and stacked-mnist: a fixed training set of this many samples drawn once from the seed (0 = a fresh stream).</param>
    public static IBatchSource Open(string spec, int imageSize, int seed, int trainSet = 0)
    {
        if (ToyMixture.IsToy(spec)) return new ToyBatchSource(ToyMixture.Get(spec), seed, trainSet);
        var data = ImageDataSpec.TryParse(spec);
        if (data is null)
        {
            var kind = ImageDataSpec.KindOf(spec);
            throw new InputException(kind is not null
                ? $"--data: unknown dataset kind '{kind}' (expected {string.Join(", ", ImageDataSpec.Kinds)}){Shared.Cli.NearestNames.Suggestion(kind, ImageDataSpec.Kinds)}"
                : $"--data: unknown dataset '{spec}' (expected {string.Join(", ", ToyMixture.Names)}, {string.Join(", ", ImageDataSpec.Kinds.Select(k => k == ImageDataSpec.Images ? "images:DIR" : k + ":PATH"))})"
                  + Shared.Cli.NearestNames.Suggestion(spec, ToyMixture.Names));
        }
        if (data.Kind == ImageDataSpec.StackedMnist) return StackedMnistBatchSource.Open(data.Path, imageSize, seed, trainSet);
        var images = ImageDatasetReader.Read(data, imageSize, log: Console.Error.WriteLine);
        return new ImageBatchSource(images.Description, tensor(images.Pixels, [images.Count, images.Channels, images.Size, images.Size]), seed);
    }
}
