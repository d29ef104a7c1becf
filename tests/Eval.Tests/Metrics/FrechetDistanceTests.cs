using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace MmaGan.Eval.Tests.Metrics;

public class FrechetDistanceTests(ITestOutputHelper output)
{
    [SharedTheory]
    [InlineData("64", 11.453874656278828)]
    [InlineData("256", 46.15605384451243)]
    public void MatchesPytorchFidOnFixturePairs(string dim, double expected)
    {
        var a = Npz.Read(SharedFixtures.Reference($"stats_a_{dim}.npz"));
        var b = Npz.Read(SharedFixtures.Reference($"stats_b_{dim}.npz"));
        var r = FrechetDistance.ComputeDetailed(a["mu"].AsDouble(), a["sigma"].AsDouble(), b["mu"].AsDouble(), b["sigma"].AsDouble());
        output.WriteLine($"fid={r.Fid:R} expected={expected:R} offset={r.UsedEpsilonOffset}");
        Assert.True(Math.Abs(r.Fid - expected) <= 1e-6 * expected, $"{r.Fid:R} vs {expected:R}");
    }

    /// <summary>The direct route: eigenvalues of the (non-symmetric) product Σ1Σ2 by MathNet's general EVD; tr √ = Σ Re √λ.</summary>
    internal static double DirectTraceSqrt(double[] s1, double[] s2, int n, double offset = 0)
    {
        var m1 = Matrix<double>.Build.Dense(n, n, (i, j) => s1[i * n + j] + (i == j ? offset : 0));
        var m2 = Matrix<double>.Build.Dense(n, n, (i, j) => s2[i * n + j] + (i == j ? offset : 0));
        var evd = (m1 * m2).Evd(Symmetricity.Asymmetric);
        return evd.EigenValues.Sum(l => Complex.Sqrt(l).Real);
    }

    internal static (double[] Mu, double[] Sigma) RandomStats(int n, int samples, int seed, double shift = 0)
    {
        var rng = new Random(seed);
        var mix = new double[n * n];
        for (var i = 0; i < mix.Length; i++) mix[i] = rng.NextDouble() - 0.5;
        var stats = new GaussianStats(n);
        var x = new double[n];
        var z = new double[n];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < n; i++) z[i] = Normal(rng);
            for (var i = 0; i < n; i++)
            {
                var acc = shift;
                for (var j = 0; j < n; j++) acc += mix[i * n + j] * z[j];
                x[i] = acc;
            }
            stats.Add(x);
        }
        return (stats.Mean(), stats.Covariance());
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void AgreesWithDirectMatrixSquareRootAt256()
    {
        const int n = 256;
        var (mu1, s1) = RandomStats(n, 600, 1);
        var (mu2, s2) = RandomStats(n, 700, 2, 0.1);
        var r = FrechetDistance.ComputeDetailed(mu1, s1, mu2, s2);
        var direct = DirectTraceSqrt(s1, s2, n);
        output.WriteLine($"trace fast={r.TraceSqrtProduct:R} direct={direct:R} fid={r.Fid}");
        Assert.False(r.UsedEpsilonOffset);
        Assert.True(Math.Abs(r.TraceSqrtProduct - direct) <= 1e-9 * direct);
        var directFid = r.MeanTerm + r.TraceSigma1 + r.TraceSigma2 - 2 * direct;
        Assert.True(Math.Abs(r.Fid - directFid) <= 1e-6 * directFid);
    }

    /// <summary>
    /// Rank-deficient Σ1: pytorch-fid (scipy 1.10's sqrtm) computes tr √(Σ1Σ2) of the singular product directly, with no
    /// ε offset (see RankDeficientFidTests for 2048-d scipy values), so the result equals the direct route.
    /// </summary>
    [Fact]
    public void RankDeficientMatchesTheDirectSquareRootWithoutOffset()
    {
        const int n = 64;
        var (mu1, s1) = RandomStats(n, 30, 3);   // rank 29 < 64: singular product
        var (mu2, s2) = RandomStats(n, 200, 4, 0.2);
        var r = FrechetDistance.ComputeDetailed(mu1, s1, mu2, s2);
        Assert.False(r.UsedEpsilonOffset);
        var direct = DirectTraceSqrt(s1, s2, n);
        var directFid = r.MeanTerm + r.TraceSigma1 + r.TraceSigma2 - 2 * direct;
        output.WriteLine($"fid={r.Fid:R} direct={directFid:R}");
        Assert.True(Math.Abs(r.Fid - directFid) <= 1e-6 * directFid);
        // Both singular (a zero-variance feature in each) still works.
        var z1 = (double[])s1.Clone();
        var z2 = (double[])s2.Clone();
        for (var j = 0; j < n; j++) { z1[5 * n + j] = z1[j * n + 5] = 0; z2[5 * n + j] = z2[j * n + 5] = 0; }
        var rz = FrechetDistance.ComputeDetailed(mu1, z1, mu2, z2);
        var directZ = rz.MeanTerm + rz.TraceSigma1 + rz.TraceSigma2 - 2 * DirectTraceSqrt(z1, z2, n);
        Assert.True(Math.Abs(rz.Fid - directZ) <= 1e-6 * directZ, $"{rz.Fid:R} vs {directZ:R}");
    }

    /// <summary>
    /// Σ1 = X1·X1ᵀ/6 (rank 6), Σ2 = X2·X2ᵀ/10 (rank 10), n = 16, with X1[i,j] = sin(1 + 6i + j), X2[i,j] = cos(2 + (10i + j)/2),
    /// and feature 5 zeroed in both (a zero-variance feature on each side); μ1[i] = cos i, μ2[i] = cos i + i/10.
    /// The same matrices are easy to build in numpy, which is how the expected values below were computed.
    /// </summary>
    internal static (double[] Mu1, double[] Sigma1, double[] Mu2, double[] Sigma2) BothSingularCase()
    {
        const int n = 16, r1 = 6, r2 = 10, zero = 5;
        static double[] Gram(int n, int r, Func<int, int, double> x)
        {
            var s = new double[n * n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var acc = 0.0;
                    for (var k = 0; k < r; k++) acc += x(i, k) * x(j, k);
                    s[i * n + j] = i == zero || j == zero ? 0 : acc / r;
                }
            return s;
        }
        var s1 = Gram(n, r1, (i, j) => Math.Sin(1 + i * r1 + j));
        var s2 = Gram(n, r2, (i, j) => Math.Cos(2 + 0.5 * (i * r2 + j)));
        var mu1 = Enumerable.Range(0, n).Select(i => Math.Cos(i)).ToArray();
        var mu2 = Enumerable.Range(0, n).Select(i => Math.Cos(i) + 0.1 * i).ToArray();
        return (mu1, s1, mu2, s2);
    }

    /// <summary>
    /// Both covariances singular. Expected values from pytorch-fid's <c>calculate_frechet_distance</c> (Debian numpy 1.24,
    /// scipy 1.10): as called, 24.532105716542254 — scipy's sqrtm returns finite values for this singular product, so
    /// pytorch-fid does not take its ε branch; with its ε branch forced (sqrtm((Σ1+εI)(Σ2+εI)), ε = 1e-6),
    /// 24.532034398660223. Whichever route the implementation takes for a singular product (it reports which), it must
    /// equal pytorch-fid's formula on that route, and pytorch-fid as called to the ε offset's effect (3e-6 relative here).
    /// </summary>
    [Fact]
    public void BothSingularMatchesPytorchFidsFormula()
    {
        const double pytorchFid = 24.532105716542254, pytorchFidWithOffset = 24.532034398660223;
        var (mu1, s1, mu2, s2) = BothSingularCase();
        var r = FrechetDistance.ComputeDetailed(mu1, s1, mu2, s2);
        output.WriteLine($"fid={r.Fid:R} offset={r.UsedEpsilonOffset}");
        var (route, tolerance) = r.UsedEpsilonOffset ? (pytorchFidWithOffset, 1e-9) : (pytorchFid, 1e-8);
        Assert.True(Math.Abs(r.Fid - route) <= tolerance * route, $"{r.Fid:R} vs {route:R} (offset {r.UsedEpsilonOffset})");
        Assert.True(Math.Abs(r.Fid - pytorchFid) <= 1e-5 * pytorchFid, $"{r.Fid:R} vs {pytorchFid:R}");
    }

    /// <summary>Σ = X·Xᵀ/n + 0.01·I for uniform random X (well conditioned, SPD).</summary>
    internal static double[] RandomSpd(int n, int seed)
    {
        var r = new Random(seed);
        var x = new double[n * n];
        for (var i = 0; i < x.Length; i++) x[i] = r.NextDouble() - 0.5;
        var s = new double[n * n];
        MmaGan.Eval.Metrics.LinearAlgebra.DenseGemm.Multiply(n, n, n, 1.0 / n, x, 0, n, false, x, 0, n, true, s, 0, n);
        for (var i = 0; i < n; i++)
        {
            s[i * n + i] += 0.01;
            for (var j = 0; j < i; j++) s[i * n + j] = s[j * n + i] = 0.5 * (s[i * n + j] + s[j * n + i]);
        }
        return s;
    }

    [Fact]
    public void IdenticalGaussiansGiveZero()
    {
        var (mu, s) = RandomStats(32, 100, 5);
        Assert.Equal(0, FrechetDistance.Compute(mu, s, mu, s), 8);
    }

    [Fact]
    public void MismatchedDimensionsThrow()
    {
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new double[2], new double[4], new double[3], new double[9]));
    }

    [Fact]
    [Trait("Category", "Bench")]
    public void Fid2048Timing()
    {
        const int n = 2048;
        var rng = new Random(7);
        // Random well-conditioned SPD matrices: Σ = XᵀX/m + 0.01·I (fast to build with the library GEMM).
        var s1 = RandomSpd(n, 1);
        var s2 = RandomSpd(n, 2);
        var mu1 = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var mu2 = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = FrechetDistance.ComputeDetailed(mu1, s1, mu2, s2);
        sw.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"FID-2048: {sw.Elapsed.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU, fid={r.Fid:R}, load {MmaGan.Shared.Cli.LoadAverage.Now()}");
        // Stage timings.
        sw.Restart();
        var l = (double[])s1.Clone();
        Assert.True(MmaGan.Eval.Metrics.LinearAlgebra.CholeskyFactor.TryFactor(l, n, 0));
        output.WriteLine($"cholesky {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var a = FrechetDistance.SymmetricProduct(l, s2, n);
        output.WriteLine($"product {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var (d, e) = MmaGan.Eval.Metrics.LinearAlgebra.SymmetricEigenvalues.Tridiagonalise(a, n);
        output.WriteLine($"tridiagonalise {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var big = new double[n * n];
        MmaGan.Eval.Metrics.LinearAlgebra.DenseGemm.Multiply(n, n, n, 1.0, s1, 0, n, false, s2, 0, n, false, big, 0, n);
        output.WriteLine($"gemm {2.0 * n * n * n / sw.Elapsed.TotalSeconds / 1e9:F1} GFlop/s");
        sw.Restart();
        MmaGan.Eval.Metrics.LinearAlgebra.SymmetricEigenvalues.TridiagonalQl(d, e);
        output.WriteLine($"ql {sw.Elapsed.TotalSeconds:F2} s");
        Assert.True(double.IsFinite(r.Fid));
    }
}

public class GaussianStatsTests
{
    [Fact]
    public void BatchAddMergeAndCovarianceMatchNumpyCov()
    {
        const int d = 5, n = 40;
        var rng = new Random(11);
        var x = Enumerable.Range(0, n * d).Select(_ => (float)(rng.NextDouble() * 4 - 1)).ToArray();
        var whole = new GaussianStats(d);
        whole.AddBatch(x, n);
        var a = new GaussianStats(d);
        a.AddBatch(x.AsSpan(0, 13 * d), 13);
        var b = new GaussianStats(d);
        for (var i = 13; i < n; i++) b.Add(x.AsSpan(i * d, d).ToArray().Select(v => (double)v).ToArray());
        a.Merge(b);
        Assert.Equal(n, a.Count);
        // np.cov(X, rowvar=False): centred, divided by n-1.
        var mu = new double[d];
        for (var i = 0; i < n; i++) for (var j = 0; j < d; j++) mu[j] += x[i * d + j] / (double)n;
        var cov = new double[d * d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++)
                for (var k = 0; k < d; k++) cov[j * d + k] += (x[i * d + j] - mu[j]) * (x[i * d + k] - mu[k]) / (n - 1);
        foreach (var s in new[] { whole, a })
        {
            var m = s.Mean();
            var c = s.Covariance();
            for (var j = 0; j < d; j++) Assert.Equal(mu[j], m[j], 12);
            for (var j = 0; j < d * d; j++) Assert.Equal(cov[j], c[j], 12);
        }
    }

    [Fact]
    public void CovarianceNeedsTwoSamples()
    {
        var s = new GaussianStats(3);
        s.Add([1.0, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => s.Covariance());
    }
}
