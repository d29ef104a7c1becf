using MmaGan.Eval.Metrics.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace MmaGan.Eval.Tests.Metrics.LinearAlgebra;

/// <summary>
/// The symmetric eigensolver converges on every input and never throws. Tridiagonal QL is checked against
/// Sturm bisection (an independent algorithm) on matrices that defeated the old per-eigenvalue iteration cap and
/// underflowed; the dense solver against matrices Q·diag(λ)·Qᵀ of known spectrum.
/// </summary>
public class SymmetricEigenvaluesTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, double> Tridiagonals => new()
    {
        { "graded-up", 2048, 1 },        // 1e-20 at the top to 1 at the bottom: > 200 sweeps at one l (threw before)
        { "graded-up", 300, 1e-300 },
        { "graded-down", 500, 1e-300 },
        { "zero-diagonal", 400, 1e-310 }, // subnormal couplings
        { "alternating", 100, 1e-300 },
        { "wilkinson", 201, 1e-310 },
        { "random", 1000, 1e300 },
        { "repeated", 600, 1 },
    };

    [Theory]
    [MemberData(nameof(Tridiagonals))]
    public void TridiagonalQlConvergesAndAgreesWithBisection(string kind, int n, double scale)
    {
        var (d, e) = Tridiagonal(kind, n, scale);
        var expected = SturmBisection.Eigenvalues((double[])d.Clone(), (double[])e.Clone());
        var norm = expected.Max(Math.Abs);
        var actual = (double[])d.Clone();
        SymmetricEigenvalues.TridiagonalQl(actual, (double[])e.Clone());
        Array.Sort(actual);
        var worst = expected.Zip(actual, (x, y) => Math.Abs(x - y)).Max();
        output.WriteLine($"{kind} n={n} scale={scale:G3}: max |QL − bisection| = {worst:G3} (‖T‖ {norm:G3})");
        Assert.True(worst <= 64 * 2.2e-16 * norm, $"{worst:G3} > 64·u·‖T‖");
    }

    [Fact]
    public void BisectionFallbackGivesTheSameEigenvalues()
    {
        var (d, e) = Tridiagonal("random", 300, 1);
        Assert.False(SymmetricEigenvalues.TryScaledQl((double[])d.Clone(), (double[])e.Clone(), budget: 0));
        var ql = (double[])d.Clone();
        SymmetricEigenvalues.TridiagonalQl(ql, (double[])e.Clone());
        Array.Sort(ql);
        var bisection = SturmBisection.Eigenvalues(d, e);
        Assert.True(ql.Zip(bisection, (x, y) => Math.Abs(x - y)).Max() <= 1e-13 * bisection.Max(Math.Abs));
    }

    [Fact]
    public void NonFiniteInputGivesNaNNotAnException()
    {
        var d = new double[] { 1, double.NaN, 2 };
        SymmetricEigenvalues.TridiagonalQl(d, [0.5, 0.5, 0]);
        Assert.Contains(d, double.IsNaN);
    }

    public static TheoryData<string> Spectra => ["repeated", "exact-zeros", "near-duplicates", "graded", "rank-one"];

    [Theory]
    [MemberData(nameof(Spectra))]
    public void DenseMatricesOfKnownSpectrum(string kind)
    {
        const int n = 256;
        var lambda = new double[n];
        for (var i = 0; i < n; i++)
            lambda[i] = kind switch
            {
                "repeated" => i % 3 + 1,                   // three eigenvalues, each ~85 times
                "exact-zeros" => i < 200 ? 0 : i,           // rank 56
                "near-duplicates" => 1 + i * 1e-14,
                "graded" => Math.Pow(10, -20.0 * i / n),
                _ => i == 0 ? 1 : 0,
            };
        var a = RotatedDiagonal(lambda, seed: 7);
        var upper = (double[])a.Clone();
        var actual = SymmetricEigenvalues.Compute(upper, n);
        Array.Sort(actual);
        var expected = lambda.Order().ToArray();
        var worst = expected.Zip(actual, (x, y) => Math.Abs(x - y)).Max();
        output.WriteLine($"{kind}: max error {worst:G3}");
        Assert.True(worst <= 1e-13 * expected.Max(Math.Abs), $"{kind}: {worst:G3}");
    }

    /// <summary>Q·diag(λ)·Qᵀ with Q a product of three random Householder reflectors (dense, exactly symmetric).</summary>
    internal static double[] RotatedDiagonal(double[] lambda, int seed)
    {
        var n = lambda.Length;
        var a = new double[n * n];
        for (var i = 0; i < n; i++) a[i * n + i] = lambda[i];
        var rng = new Random(seed);
        for (var r = 0; r < 3; r++)
        {
            var v = new double[n];
            for (var i = 0; i < n; i++) v[i] = rng.NextDouble() - 0.5;
            var norm2 = v.Sum(x => x * x);
            // A ← H·A·H with H = I − 2·v·vᵀ/‖v‖².
            var av = new double[n];
            for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) av[i] += a[i * n + j] * v[j];
            var vav = v.Select((x, i) => x * av[i]).Sum();
            var c = 2 / norm2;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    a[i * n + j] += -c * (av[i] * v[j] + v[i] * av[j]) + c * c * vav * v[i] * v[j];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j] + a[j * n + i]);
        }
        return a;
    }

    static (double[] D, double[] E) Tridiagonal(string kind, int n, double scale)
    {
        var rng = new Random(n);
        var d = new double[n];
        var e = new double[n];
        for (var i = 0; i < n; i++)
        {
            var last = i == n - 1;
            switch (kind)
            {
                case "graded-up": d[i] = Math.Pow(10, -20.0 * (n - i) / n) * scale; e[i] = last ? 0 : d[i]; break;
                case "graded-down": d[i] = Math.Pow(10, -20.0 * i / n) * scale; e[i] = last ? 0 : d[i]; break;
                case "zero-diagonal": d[i] = 0; e[i] = last ? 0 : scale; break;
                case "alternating": d[i] = i % 2 == 0 ? scale : 0; e[i] = last ? 0 : scale * 1e-8; break;
                case "wilkinson": d[i] = Math.Abs(i - n / 2) * scale; e[i] = last ? 0 : scale; break;
                case "random": d[i] = scale * rng.NextDouble(); e[i] = last ? 0 : scale * rng.NextDouble() * (rng.Next(3) == 0 ? 1e-12 : 1); break;
                default: d[i] = i % 2; e[i] = last ? 0 : (i % 7 == 0 ? 0 : 1e-9); break;
            }
        }
        return (d, e);
    }
}
