using System.Text.Json;
using MmaGan.Eval.Tests.Evaluation;
using MmaGan.Shared.Metrics;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary><c>run --metrics</c>'s report columns and JSON keys (from the registry), named references and the <c>cache</c> command.</summary>
public class RunAndCacheCommandsTests
{
    static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    [Fact]
    public void RunWritesOneRowWithEveryRegistryKeyOfTheMetricsAsked()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 40, 1);
        var report = Path.Combine(dir, "report.csv");
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache") };
        var j = Json(EvalCli.RunWith(env, "run", "--generator", TestModels.TinyGenerator(dir), "--n", "40", "--reference", data,
            "--inception", TestModels.TinyInception(dir), "--metrics", "fid,is,kid,prdc,fd-inf", "--kid-seed", "7", "--out", report, "--batch", "16", "--json"));
        var lines = File.ReadAllLines(report);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(",comparable,n_ref,feature_model,feature_model_sha256,dims,resize,image_size,caveats,is_seed,kid_mean,kid_std,kid_subsets,kid_subset_size,kid_seed,precision,recall,density,coverage,prdc_k,fd_inf,fd_inf_seed", lines[0]);
        var row = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(c => c.First, c => c.Second);
        Assert.Equal(("inception", "legacy-pytorch", row["inception_sha256"]), (row["feature_model"], row["resize"], row["feature_model_sha256"]));
        Assert.Equal("7", row["kid_seed"]);
        Assert.Equal("2020", row["is_seed"]);
        Assert.Equal("", row["lpips_diversity"]);
        foreach (var m in new[] { "fid", "is", "kid", "prdc", "fd-inf" })
            foreach (var key in MetricRegistry.Find(m)!.Keys)
                Assert.True(j.TryGetProperty(key.Key, out _), key.Key);
        Assert.Equal(j.GetProperty("kid_mean").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture), row["kid_mean"]);
        Assert.Equal(data, j.GetProperty("reference").GetString());
        // The settings that change the numbers, in the row and the JSON alike.
        Assert.Equal(("40", "40", "inception", TestModels.FeatureSize.ToString(), "unknown"), (row["n"], row["n_ref"], row["feature_model"], row["dims"], row["comparable"]));
        Assert.Equal((40, 40, "inception", TestModels.FeatureSize, "unknown"),
            (j.GetProperty("n").GetInt32(), j.GetProperty("n_ref").GetInt32(), j.GetProperty("feature_model").GetString(), j.GetProperty("dims").GetInt32(), j.GetProperty("comparable").GetString()));
        Assert.Contains(j.GetProperty("caveats").EnumerateArray(), c => c.GetString() == $"dims {TestModels.FeatureSize} (not 2048)");
        Directory.Delete(dir, true);
    }

    /// <summary><c>run --features dinov2</c>: FID and Vendi in the DINOv2 model's features, IS still the Inception's; the row names the
    /// space (<c>feature_model</c>), its convention (<c>resize</c>) and model digest; <c>inception_sha256</c> stays the Inception's.</summary>
    [Fact]
    public void RunInAnotherFeatureSpaceNamesItInTheReport()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 30, 1);
        var report = Path.Combine(dir, "report.csv");
        var inception = TestModels.TinyInception(dir);
        var dinov2 = TestModels.ResizedInputModel(dir, "dgm-eval", "pil-bicubic-uint8", 14, "[0,1]", featureSpace: "dinov2", output: "features");
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache") };
        var r = EvalCli.RunWith(env, "run", "--generator", TestModels.TinyGenerator(dir), "--n", "30", "--reference", data, "--metrics", "fid,is,vendi",
            "--features", "dinov2", "--feature-model", dinov2, "--inception", inception, "--out", report, "--json");
        var j = Json(r);
        Assert.Contains("FD-DINOv2 ", r.Stdout);
        Assert.Equal(("dinov2", "dgm-eval"), (j.GetProperty("feature_model").GetString(), j.GetProperty("resize").GetString()));
        var lines = File.ReadAllLines(report);
        var row = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(c => c.First, c => c.Second);
        Assert.Equal(("dinov2", "dgm-eval"), (row["feature_model"], row["resize"]));
        Assert.Equal(Eval.Reports.CsvReport.Sha256(dinov2), row["feature_model_sha256"]);
        Assert.Equal(Eval.Reports.CsvReport.Sha256(inception), row["inception_sha256"]);
        Assert.NotEqual("", row["is_mean"]);
        Directory.Delete(dir, true);
    }

    /// <summary>Four concurrent <c>run … --out r.csv</c> used to leave 2–3 rows (every process exit 0).</summary>
    [Fact]
    public async Task ConcurrentRunsIntoOneReportKeepEveryRow()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 20, 1);
        var gen = TestModels.TinyGenerator(dir);
        var model = TestModels.TinyInception(dir);
        var report = Path.Combine(dir, "r.csv");
        var runs = Enumerable.Range(0, 4).Select(seed => Task.Run(() => EvalCli.Run("run", "--generator", gen, "--n", "20", "--seed", seed.ToString(),
            "--reference", data, "--inception", model, "--metrics", "fid", "--no-cache", "--out", report, "--batch", "10"))).ToArray();
        foreach (var r in await Task.WhenAll(runs)) Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(report);
        Assert.Equal(5, lines.Length);   // the header and four rows
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ANamedReferenceIsCachedAndTheCacheCommandListsAndClearsIt()
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

        for (var i = 1; i <= 5; i++) OnePassAndCacheTests.WriteCifarBatch(Path.Combine(shared, "data", "cifar10", $"data_batch_{i}.bin"), 8, i);
        var first = EvalCli.RunWith(env, args);
        var fid1 = Json(first).GetProperty("fid").GetDouble();
        Assert.Contains("saved to", first.Stderr);
        var second = EvalCli.RunWith(env, args);
        Assert.Equal(fid1, Json(second).GetProperty("fid").GetDouble());
        Assert.Contains("cache: features of cifar10-train (40 images) from", second.Stderr);
        Assert.DoesNotContain("saved to", second.Stderr);

        Assert.Equal(1, Json(EvalCli.RunWith(env, "cache", "list", "--json")).GetProperty("entries").GetArrayLength());
        var clear = EvalCli.RunWith(env, "cache", "clear");
        Assert.Equal(0, clear.ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "cache", "mmagan")));
        Directory.Delete(dir, true);
    }
}
