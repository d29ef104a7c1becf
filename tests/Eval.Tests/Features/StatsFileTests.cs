using MmaGan.Eval.Features;
using MmaGan.Eval.Tests.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

/// <summary>Statistics files with NaN/∞ or an asymmetric sigma are refused at load, in one line.</summary>
public class StatsFileTests
{
    static string WriteStats(string dir, string name, Action<double[], double[]> poison, string? poisonSum = null)
    {
        const int d = 6;
        var mu = Enumerable.Range(0, d).Select(i => 0.1 * i).ToArray();
        var sigma = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) sigma[i * d + j] = i == j ? 1 : 0.1 / (1 + Math.Abs(i - j));
        poison(mu, sigma);
        var arrays = new Dictionary<string, NpyArray> { ["mu"] = NpyArray.Of(mu, d), ["sigma"] = NpyArray.Of(sigma, d, d) };
        if (poisonSum != null)
        {
            var sum = new double[d];
            sum[4] = double.PositiveInfinity;
            arrays["n"] = NpyArray.Scalar(10L);
            arrays["sum"] = NpyArray.Of(sum, d);
            arrays["sum_outer"] = NpyArray.Of(new double[d * d], d, d);
        }
        var path = Path.Combine(dir, name);
        Npz.Write(path, arrays);
        return path;
    }

    [Fact]
    public void NonFiniteArraysAreRefusedNamingFileArrayAndIndex()
    {
        var dir = SharedFixtures.TempDir();
        var nanMu = WriteStats(dir, "nan-mu.npz", (mu, _) => mu[3] = double.NaN);
        var e = Assert.Throws<InputException>(() => StatsFile.Read(nanMu));
        Assert.Equal($"{nanMu}: 'mu' has a non-finite value (NaN) at mu[3]: statistics must be finite", e.Message);

        var infSigma = WriteStats(dir, "inf-sigma.npz", (_, s) => s[2 * 6 + 5] = s[5 * 6 + 2] = double.NegativeInfinity);
        e = Assert.Throws<InputException>(() => StatsFile.Read(infSigma));
        Assert.Contains("'sigma' has a non-finite value (-inf) at sigma[2,5]", e.Message);
        Assert.StartsWith(infSigma, e.Message);

        var infSum = WriteStats(dir, "inf-sum.npz", (_, _) => { }, poisonSum: "sum");
        e = Assert.Throws<InputException>(() => StatsFile.Read(infSum));
        Assert.Contains("'sum' has a non-finite value (inf) at sum[4]", e.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AsymmetricSigmaIsRefused_RoundOffIsNot()
    {
        var dir = SharedFixtures.TempDir();
        var asym = WriteStats(dir, "asym.npz", (_, s) => s[1 * 6 + 4] *= 1.5);
        var e = Assert.Throws<InputException>(() => StatsFile.Read(asym));
        Assert.Contains("'sigma' is not symmetric: sigma[1,4]", e.Message);
        // float32 round-off of a symmetric matrix is fine.
        var roundOff = WriteStats(dir, "round.npz", (_, s) => s[1 * 6 + 4] = (float)s[1 * 6 + 4]);
        Assert.Equal(6, StatsFile.Read(roundOff).Dimension);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FidOfNaNStatisticsIsOneLineExit2EvenWithJson()
    {
        var dir = SharedFixtures.TempDir();
        var good = WriteStats(dir, "good.npz", (_, _) => { });
        var nanMu = WriteStats(dir, "nan-mu.npz", (mu, _) => mu[0] = double.NaN);
        var r = EvalCli.Run("fid", good, nanMu, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {nanMu}: 'mu' has a non-finite value (NaN) at mu[0]: statistics must be finite", r.Stderr.Trim());
        Assert.DoesNotContain("FID", r.Stdout);
        Directory.Delete(dir, true);
    }

    /// <summary>A sigma of −I scored FID −22.6; sigma must be a covariance matrix (within round-off).</summary>
    [Fact]
    public void ASigmaNoCovarianceCanBeIsRefused_RoundOffIsNot()
    {
        var dir = SharedFixtures.TempDir();
        var minusI = WriteStats(dir, "minus-i.npz", (_, s) => { for (var i = 0; i < 36; i++) s[i] = i % 7 == 0 ? -1 : 0; });
        var e = Assert.Throws<InputException>(() => StatsFile.Read(minusI));
        Assert.Equal($"{minusI}: 'sigma' is not a covariance matrix: sigma[0,0] = -1 is a negative variance", e.Message);
        var r = EvalCli.Run("fid", WriteStats(dir, "good.npz", (_, _) => { }), minusI);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("FID", r.Stdout);
        var corr = WriteStats(dir, "corr.npz", (_, s) => s[1 * 6 + 2] = s[2 * 6 + 1] = 1.5);   // |σ12| > √(σ11·σ22) = 1
        Assert.Contains("'sigma' is not positive semi-definite: |sigma[1,2]| = 1.5", Assert.Throws<InputException>(() => StatsFile.Read(corr)).Message);
        // A singular covariance (a constant feature: variance −1e-17 from round-off) is fine.
        var singular = WriteStats(dir, "singular.npz", (_, s) => { for (var j = 0; j < 6; j++) s[3 * 6 + j] = s[j * 6 + 3] = 0; s[3 * 6 + 3] = -1e-17; });
        Assert.Equal(6, StatsFile.Read(singular).Dimension);
        Directory.Delete(dir, true);
    }

    /// <summary><c>stats merge</c> accepted n = −5.</summary>
    [Fact]
    public void ASampleCountBelowTwoIsRefused()
    {
        var dir = SharedFixtures.TempDir();
        const int d = 2;
        var path = Path.Combine(dir, "neg.npz");
        Npz.Write(path, new Dictionary<string, NpyArray>
        {
            ["mu"] = NpyArray.Of(new double[d], d), ["sigma"] = NpyArray.Of(new double[] { 1, 0, 0, 1 }, d, d), ["n"] = NpyArray.Scalar(-5L),
            ["sum"] = NpyArray.Of(new double[d], d), ["sum_outer"] = NpyArray.Of(new double[d * d], d, d),
        });
        Assert.Equal($"{path}: n = -5: statistics need at least 2 samples", Assert.Throws<InputException>(() => StatsFile.Read(path)).Message);
        var r = EvalCli.Run("stats", "merge", path, path, "--out", Path.Combine(dir, "m.npz"));
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "m.npz")));
        Directory.Delete(dir, true);
    }
}
