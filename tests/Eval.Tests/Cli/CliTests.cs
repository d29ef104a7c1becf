using System.Text.Json;
using MmaGan.Eval.Features;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

public class CliTests
{
    static string Ref(string name) => SharedFixtures.Reference(name);

    static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    [SharedFact]
    public void FidOfTwoStatsFilesNeedsNoModel()
    {
        var r = EvalCli.Run("fid", Ref("stats_a_64.npz"), Ref("stats_b_64.npz"), "--json", "--inception", "/nonexistent.onnx");
        Assert.Equal(11.453874656278828, Json(r).GetProperty("fid").GetDouble(), 9);
    }

    [SharedFact]
    public void MismatchedDimensionsIsOneLineExit2()
    {
        var r = EvalCli.Run("fid", Ref("stats_a_64.npz"), Ref("stats_b_256.npz"));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains("stats_a_64.npz", line);
    }

    [SharedFact]
    public void InceptionScoreOfLogitsFile()
    {
        var j = Json(EvalCli.Run("is", Ref("isc_logits.npy"), "--json"));
        Assert.Equal(16.675499603326983, j.GetProperty("is_mean").GetDouble(), 9);
        Assert.Equal(1.056373749277795, j.GetProperty("is_std").GetDouble(), 9);
        var u = Json(EvalCli.Run("is", Ref("isc_logits.npy"), "--no-shuffle", "--json"));
        Assert.Equal(16.683805618103488, u.GetProperty("is_mean").GetDouble(), 9);
    }

    [SharedFact]
    public void StatsShardsMergeExactly()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var both = Directory.CreateDirectory(Path.Combine(dir, "both")).FullName;
        foreach (var f in new[] { "data_batch_1.bin", "data_batch_2.bin" })
            File.CreateSymbolicLink(Path.Combine(both, f), SharedFixtures.Path_("data", "cifar10", f));
        var s1 = Path.Combine(dir, "s1.npz");
        var s2 = Path.Combine(dir, "s2.npz");
        var all = Path.Combine(dir, "all.npz");
        var merged = Path.Combine(dir, "merged.npz");
        Json(EvalCli.Run("stats", SharedFixtures.Path_("data", "cifar10", "data_batch_1.bin"), "--inception", model, "--out", s1, "--json"));
        Json(EvalCli.Run("stats", SharedFixtures.Path_("data", "cifar10", "data_batch_2.bin"), "--inception", model, "--out", s2, "--json", "--batch", "64"));
        var j = Json(EvalCli.Run("stats", both, "--inception", model, "--out", all, "--json", "--features-out", Path.Combine(dir, "f.npy")));
        Assert.Equal(2034, j.GetProperty("n").GetInt32());
        Json(EvalCli.Run("stats", "merge", s1, s2, "--out", merged, "--json"));
        var a = StatsFile.Read(all);
        var m = StatsFile.Read(merged);
        Assert.Equal(2034L, m.Count);
        for (var i = 0; i < a.Mu.Length; i++) Assert.Equal(a.Mu[i], m.Mu[i], 12);
        for (var i = 0; i < a.Sigma.Length; i++) Assert.Equal(a.Sigma[i], m.Sigma[i], 12);
        Assert.Equal(new long[] { 2034, TestModels.FeatureSize }, MmaGan.Shared.Tensors.Npy.Read(Path.Combine(dir, "f.npy")).Shape);
        // The merged file is a valid pytorch-fid stats file: FID(all, merged) = 0.
        Assert.Equal(0, Json(EvalCli.Run("fid", all, merged, "--json")).GetProperty("fid").GetDouble(), 8);
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void RunAppendsRowsWithHeaderOnce()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var report = Path.Combine(dir, "report.csv");
        var gen = Ref("generator_dcgan_thirdparty.onnx");
        // --is-splits, --lpips-pairs and the pairing mode reach the metrics and are report columns.
        var settings = new[] { (Splits: "4", Pairs: "12", Pairing: "consecutive"), (Splits: "3", Pairs: "7", Pairing: "random") };
        for (var i = 0; i < 2; i++)
        {
            var j = Json(EvalCli.Run("run", "--generator", gen, "--n", "24", "--reference", Ref("images"), "--inception", model,
                "--lpips", Ref("lpips_alex_random.onnx"), "--out", report, "--seed", (42 + i).ToString(), "--batch", "10",
                "--is-splits", settings[i].Splits, "--lpips-pairs", settings[i].Pairs, "--lpips-pairing", settings[i].Pairing, "--json"));
            Assert.True(j.GetProperty("fid").GetDouble() > 0);
            Assert.Equal(int.Parse(settings[i].Pairs), j.GetProperty("pairs").GetInt32());
            Assert.Equal(settings[i].Pairing, j.GetProperty("lpips_pairing").GetString());
        }
        var lines = File.ReadAllLines(report);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("timestamp,generator,generator_sha256,method,k,lambda,tau,step,seed,n,reference,fid,is_mean,is_std", lines[0]);
        var columns = lines[0].Split(',').ToList();
        for (var i = 0; i < 2; i++)
        {
            var row = lines[i + 1].Split(',');
            Assert.Equal((42 + i).ToString(), row[columns.IndexOf("seed")]);
            Assert.Equal("24", row[columns.IndexOf("n")]);
            Assert.Equal(settings[i].Pairs, row[columns.IndexOf("pairs")]);
            Assert.Equal(settings[i].Pairing, row[columns.IndexOf("lpips_pairing")]);
            Assert.Equal(settings[i].Splits, row[columns.IndexOf("is_splits")]);
        }
        Assert.Single(Directory.GetFiles(dir, "*.csv*"));
        Directory.Delete(dir, true);
    }

    /// <summary>
    /// The reference fixture holds the lpips package's distances d(image i, image i+8), i = 0..7. A folder that lists
    /// image i and image i+8 side by side turns those into the consecutive pairs, so the diversity must be their mean;
    /// a folder of images 0 and 8 alone has one possible pair, so random pairing must give d(0, 8) whatever the seed.
    /// </summary>
    [SharedFact]
    public void LpipsDiversityOfImageFolder()
    {
        var expected = MmaGan.Shared.Tensors.Npy.Read(Ref("expected_lpips.npy")).AsDouble();
        var dir = SharedFixtures.TempDir();
        var interleaved = Directory.CreateDirectory(Path.Combine(dir, "interleaved")).FullName;
        for (var i = 0; i < 8; i++)
        {
            File.CreateSymbolicLink(Path.Combine(interleaved, $"{2 * i:D2}.png"), Path.Combine(Ref("images"), $"{i:D4}.png"));
            File.CreateSymbolicLink(Path.Combine(interleaved, $"{2 * i + 1:D2}.png"), Path.Combine(Ref("images"), $"{i + 8:D4}.png"));
        }
        var j = Json(EvalCli.Run("lpips", interleaved, "--lpips", Ref("lpips_alex_random.onnx"), "--pairs", "consecutive", "--json"));
        Assert.Equal(8, j.GetProperty("pairs").GetInt32());
        Assert.Equal(expected.Average(), j.GetProperty("lpips_diversity").GetDouble(), 1e-5);

        var single = Directory.CreateDirectory(Path.Combine(dir, "single")).FullName;
        File.CreateSymbolicLink(Path.Combine(single, "a.png"), Path.Combine(Ref("images"), "0000.png"));
        File.CreateSymbolicLink(Path.Combine(single, "b.png"), Path.Combine(Ref("images"), "0008.png"));
        var one = Json(EvalCli.Run("lpips", single, "--lpips", Ref("lpips_alex_random.onnx"), "--pairs", "random", "--n-pairs", "1", "--seed", "3", "--json"));
        Assert.Equal(1, one.GetProperty("pairs").GetInt32());
        Assert.Equal(expected[0], one.GetProperty("lpips_diversity").GetDouble(), 1e-5);

        var r = Json(EvalCli.Run("lpips", Ref("images"), "--lpips", Ref("lpips_alex_random.onnx"), "--pairs", "random", "--n-pairs", "20", "--seed", "3", "--json"));
        Assert.Equal(20, r.GetProperty("pairs").GetInt32());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ToyMetricsOfA2dGenerator()
    {
        var dir = SharedFixtures.TempDir();
        var g = new OnnxGraphBuilder("toy");
        var z = g.AddInput("z", OnnxElementType.Float, "N", 4);
        var w = g.AddInitializer("w", new float[] { 2, 0, 0, 2, 0, 0, 0, 0 }, 4, 2);
        g.AddNode("MatMul", [z, w], ["samples"]);
        g.AddOutput("samples", OnnxElementType.Float, "N", 2);
        g.Metadata["output_range"] = "unbounded";
        var path = Path.Combine(dir, "toy.onnx");
        g.Save(path);
        var csv = Path.Combine(dir, "samples.csv");
        var j = Json(EvalCli.Run("toy", path, "--data", "ring8", "--n", "500", "--json", "--samples-out", csv));
        Assert.Equal(500, j.GetProperty("n").GetInt32());
        Assert.Equal(8, j.GetProperty("modes_total").GetInt32());
        // The samples as the metrics judged them: 500 rows whose hq column gives the reported fraction.
        var rows = File.ReadAllLines(csv);
        Assert.Equal("x,y,nearest_mode,distance_sigma,hq", rows[0]);
        Assert.Equal(500, rows.Length - 1);
        Assert.Equal(j.GetProperty("hq_fraction").GetDouble(), rows.Skip(1).Count(r => r.EndsWith(",1")) / 500.0, 12);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void BadInputsAreOneLineExit2WithoutPartialOutputs()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var empty = Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName;
        var outNpz = Path.Combine(dir, "out.npz");
        var cases = new[]
        {
            new[] { "stats", empty, "--inception", model, "--out", outNpz },
            ["stats", TestModels.NaNGenerator(dir), "--n", "20", "--inception", model, "--out", outNpz],
            ["stats", empty, "--inception", Path.Combine(dir, "missing.onnx"), "--out", outNpz],
            ["fid", empty, empty, "--device", "cuda"],
            ["stats", TestModels.TinyGenerator(dir), "--n", "1", "--inception", model, "--out", outNpz],
            ["run", "--generator", TestModels.TinyGenerator(dir), "--n", "4", "--reference", empty, "--inception", model, "--out", outNpz, "--is-splits", "5"],
            ["run", "--generator", TestModels.TinyGenerator(dir), "--n", "4", "--reference", empty, "--inception", model, "--out", outNpz, "--lpips-pairs", "0"],
        };
        foreach (var args in cases)
        {
            var r = EvalCli.Run(args);
            Assert.True(r.ExitCode == 2, $"{string.Join(" ", args)} → exit {r.ExitCode}: {r.Stderr}");
            var line = Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error: ", line);
        }
        Assert.False(File.Exists(outNpz));
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }
}
