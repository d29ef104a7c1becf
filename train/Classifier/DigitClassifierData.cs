using System.Security.Cryptography;
using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Classifier;

/// <summary>
/// The digits a classifier is trained and tested on: an MNIST IDX images file (28×28, unpadded) with its labels file beside it,
/// split once by a seeded permutation into the first <c>trainCount</c> digits (training) and the rest (held out for accuracy).
/// The split depends only on the split seed and the file, never on the training seed. <see cref="Digest"/> is the SHA-256 of
/// the images file followed by the labels file, so a model records exactly which data it saw.
/// </summary>
public sealed class DigitClassifierData : IDisposable
{
    public Tensor TrainImages { get; }
    public Tensor TrainLabels { get; }
    public Tensor HeldOutImages { get; }
    public Tensor HeldOutLabels { get; }
    public string Digest { get; }
    public string Description { get; }

    DigitClassifierData(Tensor trainImages, Tensor trainLabels, Tensor heldImages, Tensor heldLabels, string digest, string description) =>
        (TrainImages, TrainLabels, HeldOutImages, HeldOutLabels, Digest, Description) = (trainImages, trainLabels, heldImages, heldLabels, digest, description);

    /// <param name="spec">The <c>--data</c> value: <c>mnist:PATH</c> or a plain IDX images path.</param>
    public static DigitClassifierData Load(string spec, int trainCount, int splitSeed)
    {
        var parsed = ImageDataSpec.TryParse(spec);
        if (parsed is not null && parsed.Kind != ImageDataSpec.Mnist)
            throw new InputException($"--data {spec}: the classifier trains on MNIST digits (mnist:PATH, an IDX images file)");
        var path = parsed?.Path ?? spec;
        var images = IdxImages.Read(path);
        if (images.Rows != DigitClassifierNet.Side || images.Cols != DigitClassifierNet.Side)
            throw InputException.ForFile(path, $"digits are {images.Rows}×{images.Cols}; the classifier takes 28×28 MNIST digits");
        var labelsPath = IdxLabels.BesideImages(path) ?? throw InputException.ForFile(path, "cannot name its labels file (expected 'images-idx3' in the name)");
        if (!File.Exists(labelsPath)) throw InputException.ForFile(labelsPath, "no such file (the classifier needs the labels beside the images)");
        var labels = IdxLabels.Read(labelsPath);
        if (labels.Length != images.Count) throw InputException.ForFile(labelsPath, $"holds {labels.Length} labels for {images.Count} images");
        if (trainCount < 1 || trainCount >= images.Count)
            throw new InputException($"--train-digits {trainCount}: must leave held-out digits (1 … {images.Count - 1} of {images.Count})");

        using var scope = NewDisposeScope();
        var all = (tensor(images.Pixels, [images.Count, 1, DigitClassifierNet.Side, DigitClassifierNet.Side]).to_type(ScalarType.Float32) / 255f);
        var y = tensor(labels.Select(l => (long)l).ToArray());
        using var gen = new Generator((ulong)splitSeed);
        var order = randperm(images.Count, generator: gen);
        var train = order.narrow(0, 0, trainCount);
        var held = order.narrow(0, trainCount, images.Count - trainCount);
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path).Concat(File.ReadAllBytes(labelsPath)).ToArray()));
        return new DigitClassifierData(all.index_select(0, train).MoveToOuterDisposeScope(), y.index_select(0, train).MoveToOuterDisposeScope(),
            all.index_select(0, held).MoveToOuterDisposeScope(), y.index_select(0, held).MoveToOuterDisposeScope(), digest,
            $"{Path.GetFileName(path)}: {trainCount:N0} training digits, {images.Count - trainCount:N0} held out (split seed {splitSeed})");
    }

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        HeldOutImages.Dispose();
        HeldOutLabels.Dispose();
    }
}
