namespace MmaGan.Eval.Sources;

/// <summary>A finite, ordered set of RGB images read in batches of floats in [0, 1] (grayscale repeated to 3 channels).</summary>
public interface IImageSource : IDisposable
{
    /// <summary>What the images come from (a path), for messages and reports.</summary>
    string Name { get; }
    /// <summary>How many images <see cref="ReadBatches"/> yields.</summary>
    int Count { get; }
    IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default);
}
