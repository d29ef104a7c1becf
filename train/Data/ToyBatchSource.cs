using MmaGan.Shared.Toy;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>Samples of a 2-D Gaussian mixture; batch i is drawn from a generator seeded by (seed, i).</summary>
public sealed class ToyBatchSource(ToyMixture mixture, int seed) : IBatchSource
{
    readonly Tensor _centres = tensor(mixture.Centres.SelectMany(c => new[] { (float)c.X, (float)c.Y }).ToArray(), [mixture.Centres.Length, 2]);

    public ToyMixture Mixture => mixture;
    public string Description => $"{mixture.Name} ({mixture.Centres.Length} Gaussians, σ = {mixture.Sigma})";
    public long EpochSize => 6400;
    public long[] SampleShape => [2];

    public Tensor Batch(long index, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(unchecked((ulong)(seed * 1_000_003L + index + 1)));
        var which = randint(0, mixture.Centres.Length, [batchSize], dtype: ScalarType.Int64, generator: gen);
        var noise = randn([batchSize, 2], generator: gen) * mixture.Sigma;
        return (_centres.index_select(0, which) + noise).MoveToOuterDisposeScope();
    }

    public void Dispose() => _centres.Dispose();
}
