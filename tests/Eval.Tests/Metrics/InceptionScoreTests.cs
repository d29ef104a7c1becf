using MmaGan.Eval.Metrics;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

public class InceptionScoreTests
{
    [Fact]
    public void Mt19937MatchesReferenceOutput()
    {
        // init_genrand(5489): the first outputs of the reference mt19937ar.c.
        var mt = new Mt19937(5489);
        Assert.Equal(3499211612u, mt.NextUInt32());
        Assert.Equal(581869302u, mt.NextUInt32());
        Assert.Equal(3890346734u, mt.NextUInt32());
    }

    [Fact]
    public void PermutationMatchesNumpy()
    {
        // np.random.RandomState(0).permutation(10) == [2 8 4 9 1 6 7 3 0 5]
        Assert.Equal(new[] { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 }, Mt19937.Permutation(10, 0));
    }

    [SharedTheory]
    [InlineData(true, 16.675499603326983, 1.056373749277795)]
    [InlineData(false, 16.683805618103488, 0.655064231041432)]
    public void MatchesTorchFidelity(bool shuffle, double mean, double std)
    {
        var a = Npy.Read(SharedFixtures.Reference("isc_logits.npy"));
        var r = InceptionScore.Compute(a.AsFloat(), (int)a.Shape[0], (int)a.Shape[1], 10, shuffle);
        Assert.True(Math.Abs(r.Mean - mean) <= 1e-6 * mean, $"mean {r.Mean:R} vs {mean:R}");
        Assert.True(Math.Abs(r.Std - std) <= 1e-6 * std, $"std {r.Std:R} vs {std:R}");
    }

    [Fact]
    public void TooFewSamplesThrow() =>
        Assert.Throws<ArgumentException>(() => InceptionScore.Compute(new float[10], 1, 10));
}
