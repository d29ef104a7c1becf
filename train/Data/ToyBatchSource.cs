using MmaGan.Shared.Toy;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// Samples of a 2-D Gaussian mixture; batch i is drawn from a generator seeded by (seed, i). With a
/// <paramref name="trainSet"/> of N &gt; 0 (PacGAN's protocol: a fixed training set of 100,000 samples drawn once), the N
/// samples are drawn once from the seed and batch i takes a uniformly random (with replacement) subset of them, again
/// seeded by (seed, i); with 0 every batch is fresh from the mixture (an unlimited stream).
/// </summary>
public sealed class ToyBatchSource : IBatchSource
{
    readonly ToyMixture _mixture;
    readonly int _seed;
    readonly Tensor _centres;
    readonly Tensor? _trainSet;

    public ToyBatchSource(ToyMixture mixture, int seed, int trainSet = 0)
    {
        _mixture = mixture;
        _seed = seed;
        _centres = tensor(mixture.Centres.SelectMany(c => new[] { (float)c.X, (float)c.Y }).ToArray(), [mixture.Centres.Length, 2]);
        if (trainSet > 0)
        {
            using var gen = new Generator(unchecked((ulong)(seed * 1_000_003L + 999_999_937L)));
            _trainSet = Draw(trainSet, gen);
        }
    }

    public ToyMixture Mixture => _mixture;
    /// <summary>The fixed training set [N,2], or null for an unlimited stream.</summary>
    public Tensor? TrainSet => _trainSet;
    public string Description => $"{_mixture.Name} ({_mixture.Centres.Length} Gaussians, σ = {_mixture.Sigma}"
                                 + (_trainSet is null ? ")" : $", fixed training set of {_trainSet.shape[0]:N0} samples)");
    public long EpochSize => _trainSet?.shape[0] ?? 6400;
    public long[] SampleShape => [2];

    public Tensor Batch(long index, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(unchecked((ulong)(_seed * 1_000_003L + index + 1)));
        if (_trainSet is null) return Draw(batchSize, gen).MoveToOuterDisposeScope();
        var rows = randint(0, _trainSet.shape[0], [batchSize], dtype: ScalarType.Int64, generator: gen);
        return _trainSet.index_select(0, rows).MoveToOuterDisposeScope();
    }

    Tensor Draw(int n, Generator gen)
    {
        using var scope = NewDisposeScope();
        var which = randint(0, _mixture.Centres.Length, [n], dtype: ScalarType.Int64, generator: gen);
        var noise = randn([n, 2], generator: gen) * _mixture.Sigma;
        return (_centres.index_select(0, which) + noise).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _centres.Dispose();
        _trainSet?.Dispose();
    }
}
