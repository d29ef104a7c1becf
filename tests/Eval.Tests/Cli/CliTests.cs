using System.Text.Json;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Features;
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

    /// <summary>Statistics of two shards merged equal those of both at once (<see cref="FeatureStatistics"/>, in process; the
    /// batch size changes nothing), and the merged file is a pytorch-fid statistics file.</summary>
    [SharedFact]
    public void StatsShardsMergeExactly()
    {
        var dir = SharedFixtures.TempDir();
        var model = new FeatureModelChoice(Path: TestModels.TinyInception(dir));
        var both = Directory.CreateDirectory(Path.Combine(dir, "both")).FullName;
        foreach (var f in new[] { "data_batch_1.bin", "data_batch_2.bin" })
            File.CreateSymbolicLink(Path.Combine(both, f), SharedFixtures.Path_("data", "cifar10", f));
        var s1 = Path.Combine(dir, "s1.npz");
        var s2 = Path.Combine(dir, "s2.npz");
        var all = Path.Combine(dir, "all.npz");
        var merged = Path.Combine(dir, "merged.npz");
        FeatureStatistics.Write(new StatisticsRequest(SharedFixtures.Path_("data", "cifar10", "data_batch_1.bin"), s1, model, new SourceReading()));
        FeatureStatistics.Write(new StatisticsRequest(SharedFixtures.Path_("data", "cifar10", "data_batch_2.bin"), s2, model, new SourceReading(Batch: 64)));
        var r = FeatureStatistics.Write(new StatisticsRequest(both, all, model, new SourceReading(), FeaturesOut: Path.Combine(dir, "f.npy")));
        Assert.Equal(2034, r.Count);
        StatsFile.Write(merged, FeatureStatistics.Merge([s1, s2]));
        var a = StatsFile.Read(all);
        var m = StatsFile.Read(merged);
        Assert.Equal(2034L, m.Count);
        for (var i = 0; i < a.Mu.Length; i++) Assert.Equal(a.Mu[i], m.Mu[i], 12);
        for (var i = 0; i < a.Sigma.Length; i++) Assert.Equal(a.Sigma[i], m.Sigma[i], 12);
        Assert.Equal(new long[] { 2034, TestModels.FeatureSize }, MmaGan.Shared.Tensors.Npy.Read(Path.Combine(dir, "f.npy")).Shape);
        // The merged file is a valid pytorch-fid stats file: FID(all, merged) = 0.
        var fid = Evaluator.Evaluate(new EvaluationRequest { Metrics = ["fid"], Generated = all, Reference = merged });
        Assert.Equal(0, (double)fid["fid"]["fid"]!, 8);
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
        // Nothing beside the report but its lock (.report.csv.lock, kept: see FileLock).
        Assert.Equal(new[] { report, Shared.IO.FileLock.PathFor(report) }.Order(StringComparer.Ordinal), Directory.GetFiles(dir, "*.csv*").Order(StringComparer.Ordinal));
        Directory.Delete(dir, true);
    }

    /// <summary>`run --generator` takes a folder of generated samples; its row's generator_sha256 is the
    /// digest of its image files (it was hashed as a file: "Access to the path is denied" after the feature pass).</summary>
    [SharedFact]
    public void RunTakesAFolderOfGeneratedImages()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var report = Path.Combine(dir, "report.csv");
        var r = EvalCli.Run("run", "--generator", Ref("images"), "--reference", Ref("images"), "--inception", model, "--metrics", "fid", "--out", report, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(report);
        var columns = lines[0].Split(',').ToList();
        var digest = lines[1].Split(',')[columns.IndexOf("generator_sha256")];
        Assert.Equal(MmaGan.Eval.Features.FeatureCache.ContentHash(MmaGan.Eval.Features.FeatureCache.SourceFiles(Ref("images"))), digest);
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
            ["run", "--generator", TestModels.TinyGenerator(dir), "--reference", "x.npz", "--metrics", "fid,bogus", "--out", outNpz],
            ["run", "--generator", TestModels.TinyGenerator(dir), "--reference", "ref.npz", "--metrics", "kid", "--out", outNpz],
            ["kid", "a.npy", "b.npy", "--kid-seed", "-1"],
            ["prdc", "a.npy", "--fake", "b.npy"],
            ["fid", empty, empty, "--dim", "64"],
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
