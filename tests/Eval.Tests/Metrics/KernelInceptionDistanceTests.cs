using MmaGan.Eval.Metrics;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// Reference values: torch-fidelity (github toshas/torch-fidelity, metric_kid.py) <c>kid_features_to_metric(A, B, **kw)</c>
/// run unmodified with Debian's python3-numpy 1.24 / python3-torch 1.13 on the <see cref="RandomFeatures"/> below, passed
/// as float64 tensors (torch-fidelity computes in the input dtype; with float32 inputs it gives 0.16139556147411635 ±
/// 0.006049635507238937 for the first case — float32 round-off, 8e-7 relative).
/// </summary>
public class KernelInceptionDistanceTests
{
    static readonly FeatureMatrix A = RandomFeatures.Uniform(1, 300, 64);
    static readonly FeatureMatrix B = RandomFeatures.Uniform(2, 250, 64, 1.2, 0.05);

    static void Close(double expected, double actual, double rel = 1e-6) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"{actual:R} vs {expected:R}");

    [Fact]
    public void FixtureFeaturesMatchNumpy()
    {
        // features(1, 300, 64)[0, :3] = [4.17021990e-01 7.20324516e-01 1.14374816e-04]; features(2, 250, 64, 1.2, 0.05)[0, :3] = [0.5731939 0.08111148 0.70959496]
        Assert.Equal(0.41702199f, A.Data[0], 7);
        Assert.Equal(1.14374816e-04f, A.Data[2], 10);
        Assert.Equal(0.5731939f, B.Data[0], 6);
        Assert.Equal(0.70959496f, B.Data[2], 6);
    }

    [Fact]
    public void ChoiceMatchesNumpy()
    {
        // rs = np.random.RandomState(7); rs.choice(20, 5, replace=False) → [1 17 2 5 11], then → [18 7 15 14 17]
        var rng = new Mt19937(7);
        Assert.Equal(new[] { 1, 17, 2, 5, 11 }, rng.Choice(20, 5));
        Assert.Equal(new[] { 18, 7, 15, 14, 17 }, rng.Choice(20, 5));
    }

    [Fact]
    public void MatchesTorchFidelityDefaults()
    {
        // kid_features_to_metric(A, B, kid_subsets=10, kid_subset_size=100) (degree 3, γ = 1/d, coef0 1, rng_seed 2020)
        var r = KernelInceptionDistance.Compute(A, B, subsets: 10, subsetSize: 100);
        Close(0.16139543182402322, r.Mean);
        Close(0.006049801552876735, r.Std);
    }

    [Fact]
    public void MatchesTorchFidelityCustomKernelAndSeed()
    {
        // kid_features_to_metric(A, B, kid_subsets=5, kid_subset_size=250, kid_kernel_poly_degree=2,
        //   kid_kernel_poly_gamma=0.05, kid_kernel_poly_coef0=0.5, rng_seed=7) — subset size = all of B
        var r = KernelInceptionDistance.Compute(A, B, 5, 250, new PolynomialKernel(2, 0.05, 0.5), 7);
        Close(0.35055413726198204, r.Mean);
        Close(0.004313071737204823, r.Std);
    }

    [Fact]
    public void MatchesTorchFidelityOnTheSameLaw()
    {
        // kid_features_to_metric(A, features(3, 300, 64), kid_subsets=10, kid_subset_size=100): KID ≈ 0, slightly negative
        var r = KernelInceptionDistance.Compute(A, RandomFeatures.Uniform(3, 300, 64), 10, 100);
        Close(-0.00039752557842138715, r.Mean);
        Close(0.0011291398342975067, r.Std);
    }

    [Fact]
    public void SubsetLargerThanASetIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(A, B, 1, 251));
        Assert.Contains("--kid-subset-size 251", e.Message);
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(A, RandomFeatures.Uniform(3, 10, 32), 1, 5));
    }
}
