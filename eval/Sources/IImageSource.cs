namespace MmaGan.Eval.Sources;

/// <summary>A finite, ordered set of RGB images read in batches of floats in [0, 1] (grayscale repeated to 3 channels).</summary>
public interface IImageSource : IDisposable
{
    /// <summary>What the images come from (a path), for messages and reports.</summary>
    string Name { get; }
    /// <summary>How many images <see cref="ReadBatches"/> yields.</summary>
    int Count { get; }
    IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default);
    /// <summary>Channels of the images as the source holds them, before gray is repeated to RGB: 1 (MNIST) or 3.</summary>
    int Channels => 3;
    /// <summary>Each image's class where the source knows it (a labelled data set: MNIST's digit, Stacked MNIST's mode
    /// 100·l_R + 10·l_G + l_B, CIFAR-10's class), in reading order; else null.</summary>
    IReadOnlyList<int>? Labels => null;
}
