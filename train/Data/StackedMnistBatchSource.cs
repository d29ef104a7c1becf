using MmaGan.Shared.Datasets;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// Stacked MNIST batches (<see cref="StackedMnist"/>): batch i of B samples is samples i·B … i·B + B − 1 of the stream of
/// <see cref="TrainingStream"/>(seed) — every sample three fresh independent draws from the digit pool, as PacGAN's
/// <c>generate_stacked_mnist</c> draws each batch — scaled to [−1, 1] as x/127.5 − 1. With a training set of N &gt; 0 the first N
/// samples of <see cref="TrainingSetStream"/>(seed) are drawn once and served in epochs as any image data set
/// (<see cref="ImageBatchSource"/>). A fresh stream has a nominal epoch of one pass over the pool (10,000 samples here).
/// </summary>
public sealed class StackedMnistBatchSource : IBatchSource
{
    readonly StackedMnist _data;
    readonly ulong _stream;
    readonly int _size;
    readonly Tensor _pool;

    StackedMnistBatchSource(StackedMnist data, int size, int seed)
    {
        _data = data;
        _size = size;
        _stream = TrainingStream(seed);
        _pool = tensor(data.PaddedPool(size), [data.Pool.Count, size, size]);
        Description = $"stacked-mnist ({data.Pool.Count:N0} digits of {Path.GetFileName(data.ImagesPath)}, fresh triples per batch, 3×{size}×{size})";
    }

    /// <summary>The batches of <c>--data stacked-mnist:PATH</c>: a fresh stream, or with <paramref name="trainSet"/> &gt; 0 a fixed set.</summary>
    public static IBatchSource Open(string imagesPath, int size, int seed, int trainSet)
    {
        var data = StackedMnist.Read(imagesPath);
        if (trainSet == 0) return new StackedMnistBatchSource(data, size, seed);
        var pixels = data.Draw(TrainingSetStream(seed), 0, trainSet, size);
        return new ImageBatchSource($"stacked-mnist (fixed set of {trainSet:N0} triples of the {data.Pool.Count:N0} digits of {Path.GetFileName(imagesPath)})",
            tensor(pixels, [trainSet, StackedMnist.Channels, size, size]), seed);
    }

    /// <summary>The stream a run of <paramref name="seed"/> trains on (never <see cref="StackedMnist.ReferenceSeed"/>'s).</summary>
    public static ulong TrainingStream(int seed) => (1UL << 32) | (uint)seed;

    /// <summary>The stream a fixed training set of <paramref name="seed"/> is drawn from.</summary>
    public static ulong TrainingSetStream(int seed) => (2UL << 32) | (uint)seed;

    public string Description { get; }
    public long EpochSize => _data.Pool.Count;
    public long[] SampleShape => [StackedMnist.Channels, _size, _size];

    public Tensor Batch(long index, int batchSize)
    {
        var rows = new long[batchSize * StackedMnist.Channels];
        for (var i = 0; i < batchSize; i++)
            for (var c = 0; c < StackedMnist.Channels; c++)
                rows[i * StackedMnist.Channels + c] = _data.DigitIndex(_stream, index * batchSize + i, c);
        using var scope = NewDisposeScope();
        var digits = _pool.index_select(0, tensor(rows)).reshape(batchSize, StackedMnist.Channels, _size, _size);
        return (digits.to_type(ScalarType.Float32) / 127.5f - 1f).MoveToOuterDisposeScope();
    }

    public void Dispose() => _pool.Dispose();
}
