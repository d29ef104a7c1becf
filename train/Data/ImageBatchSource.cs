using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// An in-memory uint8 image set [N,C,H,W], served in epochs: epoch e is a permutation seeded by (seed, e), batches are
/// consecutive slices of it (the last incomplete batch of an epoch is dropped), scaled to [−1,1] as x/127.5 − 1.
/// </summary>
public sealed class ImageBatchSource : IBatchSource
{
    readonly Tensor _images;
    readonly int _seed;
    long _cachedEpoch = -1;
    Tensor? _permutation;

    public ImageBatchSource(string name, Tensor imagesUint8, int seed)
    {
        if (imagesUint8.shape[0] < 1) throw new ArgumentException("empty image set");
        _images = imagesUint8;
        _seed = seed;
        Description = $"{name} ({_images.shape[0]:N0} images, {_images.shape[1]}×{_images.shape[2]}×{_images.shape[3]})";
    }

    public string Description { get; }
    public long Count => _images.shape[0];
    public long EpochSize => Count;
    public long[] SampleShape => [_images.shape[1], _images.shape[2], _images.shape[3]];

    public Tensor Batch(long index, int batchSize)
    {
        if (batchSize > Count) throw new Shared.IO.InputException($"--batch {batchSize} is larger than the dataset ({Count} samples)");
        var perEpoch = Count / batchSize;
        var epoch = index / perEpoch;
        var offset = index % perEpoch * batchSize;
        if (epoch != _cachedEpoch)
        {
            _permutation?.Dispose();
            using var gen = new Generator(unchecked((ulong)(_seed * 7_919L + epoch + 1)));
            _permutation = randperm(Count, generator: gen).DetachFromDisposeScope(); // cached across steps' scopes
            _cachedEpoch = epoch;
        }
        using var scope = NewDisposeScope();
        var idx = _permutation!.narrow(0, offset, batchSize);
        return (_images.index_select(0, idx).to_type(ScalarType.Float32) / 127.5f - 1f).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _permutation?.Dispose();
        _images.Dispose();
    }
}
