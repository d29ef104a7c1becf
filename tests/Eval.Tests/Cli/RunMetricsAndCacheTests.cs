using System.Text.Json;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary><c>run --metrics</c> (one pass, one row, a column per metric), named references and the feature cache.</summary>
public class RunMetricsAndCacheTests
{
    /// <summary>A CIFAR-10 binary batch of <paramref name="records"/> random images (label byte + 3072 pixel bytes each).</summary>
    static void WriteCifarBatch(string path, int records, int seed)
    {
        var bytes = new byte[records * 3073];
        new Random(seed).NextBytes(bytes);
        for (var r = 0; r < records; r++) bytes[r * 3073] = (byte)(r % 10);
        File.WriteAllBytes(path, bytes);
    }

    static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    [Fact]
    public void RunWithAllFeatureMetricsWritesOneRowThatMatchesTheSeparateCommands()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var gen = TestModels.TinyGenerator(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 40, 1);
        var report = Path.Combine(dir, "report.csv");
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache") };
        var j = Json(EvalCli.RunWith(env, "run", "--generator", gen, "--n", "40", "--reference", data, "--inception", model,
            "--metrics", "fid,is,kid,prdc,fd-inf", "--out", report, "--batch", "16", "--json"));
        var header = File.ReadAllLines(report)[0];
        Assert.EndsWith(",kid_mean,kid_std,precision,recall,density,coverage,fd_inf", header);
        Assert.Equal(2, File.ReadAllLines(report).Length);

        // The same numbers from the one-metric commands (KID subsets of min(1000, 40, 40); FD∞ from N = 20).
        var common = new[] { "--inception", model, "--n", "40", "--batch", "16", "--json" };
        var fid = Json(EvalCli.RunWith(env, ["fid", gen, data, .. common]));
        Assert.Equal(fid.GetProperty("fid").GetDouble(), j.GetProperty("fid").GetDouble(), 9);
        var kid = Json(EvalCli.RunWith(env, ["kid", gen, data, "--subset-size", "40", .. common]));
        Assert.Equal(kid.GetProperty("kid_mean").GetDouble(), j.GetProperty("kid_mean").GetDouble(), 12);
        Assert.Equal(kid.GetProperty("kid_std").GetDouble(), j.GetProperty("kid_std").GetDouble(), 12);
        var prdc = Json(EvalCli.RunWith(env, ["prdc", data, gen, .. common]));
        foreach (var key in new[] { "precision", "recall", "density", "coverage" })
            Assert.Equal(prdc.GetProperty(key).GetDouble(), j.GetProperty(key).GetDouble(), 12);
        var fdInf = Json(EvalCli.RunWith(env, ["fd-inf", gen, data, "--min-n", "20", .. common]));
        Assert.Equal(fdInf.GetProperty("fd_inf").GetDouble(), j.GetProperty("fd_inf").GetDouble(), 9);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RunRefusesUnknownMetricsAndStatsForKid()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var r = EvalCli.Run("run", "--generator", gen, "--reference", "x.npz", "--metrics", "fid,bogus", "--out", Path.Combine(dir, "r.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bogus", Assert.Single(r.Stderr.Trim().Split('\n')));
        r = EvalCli.Run("run", "--generator", gen, "--reference", "ref.npz", "--metrics", "kid", "--out", Path.Combine(dir, "r.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("ref.npz", Assert.Single(r.Stderr.Trim().Split('\n')));
        Assert.False(File.Exists(Path.Combine(dir, "r.csv")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void SecondFidAgainstANamedReferenceReadsTheCache()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var gen = TestModels.TinyGenerator(dir);
        var shared = Path.Combine(dir, "shared");
        Directory.CreateDirectory(Path.Combine(shared, "data", "cifar10"));
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache"), ["MMAGAN_SHARED"] = shared };
        string[] args = ["fid", gen, "cifar10-train", "--inception", model, "--n", "30", "--json"];

        // Missing data: one line naming what is missing.
        var missing = EvalCli.RunWith(env, args);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("data_batch_1.bin", Assert.Single(missing.Stderr.Trim().Split('\n'), l => l.StartsWith("error:")));

        for (var i = 1; i <= 5; i++) WriteCifarBatch(Path.Combine(shared, "data", "cifar10", $"data_batch_{i}.bin"), 8, i);
        var first = EvalCli.RunWith(env, args);
        var fid1 = Json(first).GetProperty("fid").GetDouble();
        Assert.Contains("saved to", first.Stderr);
        var second = EvalCli.RunWith(env, args);
        Assert.Equal(fid1, Json(second).GetProperty("fid").GetDouble());
        Assert.Contains("cache: features of cifar10-train (40 images) from", second.Stderr);
        Assert.DoesNotContain("saved to", second.Stderr);

        // --no-cache computes again (same value); list shows one entry; a corrupt entry is recomputed, not trusted.
        var uncached = EvalCli.RunWith(env, [.. args, "--no-cache"]);
        Assert.Equal(fid1, Json(uncached).GetProperty("fid").GetDouble(), 12);
        Assert.DoesNotContain("cache:", uncached.Stderr);
        var list = EvalCli.RunWith(env, "cache", "list", "--json");
        Assert.Equal(1, Json(list).GetProperty("entries").GetArrayLength());
        foreach (var f in Directory.GetFiles(Path.Combine(dir, "cache", "mmagan"), "*.npz")) File.WriteAllBytes(f, []);
        var third = EvalCli.RunWith(env, args);
        Assert.Equal(fid1, Json(third).GetProperty("fid").GetDouble(), 12);
        Assert.Contains("recomputing", third.Stderr);
        Assert.Contains("saved to", third.Stderr);

        var clear = EvalCli.RunWith(env, "cache", "clear");
        Assert.Equal(0, clear.ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "cache", "mmagan")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DimsNeedsTheBlockOutput()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 10, 2);
        var r = EvalCli.Run("fid", data, data, "--inception", model, "--dims", "768", "--no-cache");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no output 'pool768' for --dims 768", Assert.Single(r.Stderr.Trim().Split('\n')));
        Directory.Delete(dir, true);
    }
}
