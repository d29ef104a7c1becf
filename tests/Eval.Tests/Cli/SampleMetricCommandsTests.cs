using System.Text.Json;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Tests.Metrics;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary><c>kid</c> and <c>prdc</c> on features .npy files (reference values: see the metric tests).</summary>
public class SampleMetricCommandsTests
{
    static string Save(string dir, string name, FeatureMatrix f)
    {
        var path = Path.Combine(dir, name);
        Npy.Write(path, f.Data, f.Rows, f.Cols);
        return path;
    }

    static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    static void OneLineExit2(CliProcess.Result r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void KidCommandMatchesTorchFidelityAndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var a = Save(dir, "a.npy", RandomFeatures.Uniform(1, 300, 64));
        var b = Save(dir, "b.npy", RandomFeatures.Uniform(2, 250, 64, 1.2, 0.05));
        var j = Json(EvalCli.Run("kid", a, b, "--subsets", "10", "--subset-size", "100", "--json"));
        Assert.Equal(0.16139543182402322, j.GetProperty("kid_mean").GetDouble(), 1e-6 * 0.1614);
        Assert.Equal(0.006049801552876735, j.GetProperty("kid_std").GetDouble(), 1e-6 * 0.00605);
        j = Json(EvalCli.Run("kid", a, b, "--subsets", "5", "--subset-size", "250", "--degree", "2", "--gamma", "0.05", "--coef0", "0.5", "--seed", "7", "--json"));
        Assert.Equal(0.35055413726198204, j.GetProperty("kid_mean").GetDouble(), 1e-6 * 0.35);

        OneLineExit2(EvalCli.Run("kid", a, b, "--subset-size", "251"), "--subset-size 251");
        var c = Save(dir, "c.npy", RandomFeatures.Uniform(3, 300, 32));
        OneLineExit2(EvalCli.Run("kid", a, c, "--subset-size", "100"), "32-d");
    }

    [Fact]
    public void PrdcCommandMatchesClovaaiAndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var real = Save(dir, "real.npy", RandomFeatures.Uniform(4, 200, 16));
        var fake = Save(dir, "fake.npy", RandomFeatures.Uniform(5, 150, 16, 1.1, 0.02));
        var j = Json(EvalCli.Run("prdc", real, fake, "--json"));
        Assert.Equal(0.84, j.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(0.985, j.GetProperty("recall").GetDouble(), 12);
        Assert.Equal(0.568, j.GetProperty("density").GetDouble(), 12);
        Assert.Equal(0.825, j.GetProperty("coverage").GetDouble(), 12);
        j = Json(EvalCli.Run("prdc", real, fake, "--k", "3", "--json"));
        Assert.Equal(0.7133333086967468, (double)(float)j.GetProperty("precision").GetDouble());

        OneLineExit2(EvalCli.Run("prdc", real, fake, "--k", "150"), "--k 150");
        OneLineExit2(EvalCli.Run("prdc", real, Path.Combine(dir, "missing.npy")), "missing.npy");
    }

    [Fact]
    public void FdInfCommandMatchesFidIsInfinityAndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var fake = Save(dir, "fake.npy", RandomFeatures.Uniform(10, 600, 8));
        var real = Save(dir, "real.npy", RandomFeatures.Uniform(11, 500, 8, 1.3, -0.1));
        // FID_IS_infinity calculate_FID_infinity_path after np.random.seed(0), min_fake=100, num_points=6 (see FrechetDistanceInfinityTests)
        var j = Json(EvalCli.Run("fd-inf", fake, real, "--points", "6", "--min-n", "100", "--seed", "0", "--json"));
        Assert.Equal(0.08601051956167365, j.GetProperty("fd_inf").GetDouble(), 1e-7);
        var points = j.GetProperty("fid_at_n").EnumerateArray().ToArray();
        Assert.Equal(6, points.Length);
        Assert.Equal(100, points[0].GetProperty("n").GetInt32());
        Assert.Equal(0.12428561162064566, points[0].GetProperty("fid").GetDouble(), 1e-9);

        OneLineExit2(EvalCli.Run("fd-inf", fake, real, "--min-n", "600"), "--min-n 600");
        var c = Save(dir, "c.npy", RandomFeatures.Uniform(3, 300, 32));
        OneLineExit2(EvalCli.Run("fd-inf", fake, c, "--min-n", "100"), "32-d");
    }
}
