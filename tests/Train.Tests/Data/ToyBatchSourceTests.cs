using MmaGan.Shared.Toy;
using MmaGan.Train.Data;
using Xunit;

namespace MmaGan.Train.Tests.Data;

public class ToyBatchSourceTests
{
    [Fact]
    public void TheFixedTrainingSetDependsOnlyOnTheSeed_AndBatchesComeFromIt()
    {
        using var a = (ToyBatchSource)DataSpec.Open("grid25", 32, seed: 7, trainSet: 1000);
        using var b = (ToyBatchSource)DataSpec.Open("grid25", 32, seed: 7, trainSet: 1000);
        using var c = (ToyBatchSource)DataSpec.Open("grid25", 32, seed: 8, trainSet: 1000);
        Assert.Equal([1000L, 2], a.TrainSet!.shape);
        Assert.True(a.TrainSet.eq(b.TrainSet!).all().item<bool>());
        Assert.False(a.TrainSet.eq(c.TrainSet!).all().item<bool>());
        Assert.Equal(1000, a.EpochSize);
        Assert.Contains("fixed training set of 1,000 samples", a.Description);
        using var batch = a.Batch(5, 64);
        Assert.True(batch.eq(b.Batch(5, 64)).all().item<bool>());
        Assert.False(batch.eq(a.Batch(6, 64)).all().item<bool>());
        var set = a.TrainSet.data<float>().ToArray();
        var rows = Enumerable.Range(0, 1000).Select(i => (set[2 * i], set[2 * i + 1])).ToHashSet();
        var xy = batch.data<float>().ToArray();
        for (var i = 0; i < 64; i++) Assert.Contains((xy[2 * i], xy[2 * i + 1]), rows);
    }

    [Fact]
    public void WithoutATrainingSetBatchesAreAFreshStreamAsBefore()
    {
        using var s = (ToyBatchSource)DataSpec.Open("ring8", 32, seed: 7);
        Assert.Null(s.TrainSet);
        Assert.Equal(6400, s.EpochSize);
        Assert.True(s.Batch(3, 16).eq(s.Batch(3, 16)).all().item<bool>());
    }

    [Fact]
    public void PacGanRingHasRadiusOneAndSigmaOneHundredth()
    {
        var ring = ToyMixture.Get("ring8-pacgan");
        Assert.Equal(8, ring.Centres.Length);
        Assert.Equal(0.01, ring.Sigma);
        Assert.All(ring.Centres, c => Assert.Equal(1.0, Math.Sqrt(c.X * c.X + c.Y * c.Y), 12));
        Assert.Equal(2.0, ToyMixture.Get("ring8").Centres[0].X, 12); // VEEGAN's ring is unchanged
        Assert.True(ToyMixture.IsToy("ring8-pacgan"));
    }
}
