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
}
