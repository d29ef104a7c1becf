using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Tests.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Evaluation;

/// <summary>Metric behaviour through the evaluator's one entry point, in process: <c>Evaluate(request) → MetricResults</c>
/// (reference values: see the metric tests, which compute them with the reference implementations' own code).</summary>
public class EvaluatorTests
{
    static string Ref(string name) => SharedFixtures.Reference(name);

    static string Save(string dir, string name, FeatureMatrix f)
    {
        var path = Path.Combine(dir, name);
        Npy.Write(path, f.Data, f.Rows, f.Cols);
        return path;
    }

    static MetricResults Evaluate(string metric, string generated, string? reference = null, MetricSettings? settings = null, EvaluationSeeds? seeds = null) =>
        Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = [metric], Generated = generated, Reference = reference, Settings = settings ?? new(), Seeds = seeds ?? new(), UseCache = false,
        });

    /// <summary>The one-line message of the bad input <paramref name="request"/>.</summary>
    static string Refused(EvaluationRequest request) => Assert.Throws<InputException>(() => Evaluator.Evaluate(request)).Message;

    static string Refused(string metric, string generated, string? reference = null, MetricSettings? settings = null) =>
        Refused(new EvaluationRequest { Metrics = [metric], Generated = generated, Reference = reference, Settings = settings ?? new(), UseCache = false });

    [SharedFact]
    public void FidOfTwoStatsFilesNeedsNoModel_AndMismatchedDimensionsNameTheFile()
    {
        var r = Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = ["fid"], Generated = Ref("stats_a_64.npz"), Reference = Ref("stats_b_64.npz"), FeatureModel = new(Path: "/nonexistent.onnx"),
        });
        Assert.Equal(11.453874656278828, (double)r["fid"]["fid"]!, 9);
        Assert.Equal(Ref("stats_a_64.npz"), r.Generated);
        Assert.Contains("stats_a_64.npz", Refused("fid", Ref("stats_a_64.npz"), Ref("stats_b_256.npz")));
    }

    [SharedFact]
    public void InceptionScoreOfALogitsFile_WithAndWithoutTheShuffle()
    {
        var r = Evaluate("is", Ref("isc_logits.npy"));
        Assert.Equal(16.675499603326983, (double)r["is"]["is_mean"]!, 9);
        Assert.Equal(1.056373749277795, (double)r["is"]["is_std"]!, 9);
        Assert.Equal(10, r["is"]["is_splits"]);
        Assert.Equal(2020u, r["is"]["is_seed"]);
        var unshuffled = Evaluate("is", Ref("isc_logits.npy"), settings: new MetricSettings(IsShuffle: false));
        Assert.Equal(16.683805618103488, (double)unshuffled["is"]["is_mean"]!, 9);
        Assert.Null(unshuffled["is"]["is_seed"]);
    }

    [Fact]
    public void KidMatchesTorchFidelity_WithItsSubsetSeed_AndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var a = Save(dir, "a.npy", RandomFeatures.Uniform(1, 300, 64));
        var b = Save(dir, "b.npy", RandomFeatures.Uniform(2, 250, 64, 1.2, 0.05));
        var r = Evaluate("kid", a, b, new MetricSettings(KidSubsets: 10, KidSubsetSize: 100));
        Assert.Equal(0.16139543182402322, (double)r["kid"]["kid_mean"]!, 1e-6 * 0.1614);
        Assert.Equal(0.006049801552876735, (double)r["kid"]["kid_std"]!, 1e-6 * 0.00605);
        r = Evaluate("kid", a, b, new MetricSettings(KidSubsets: 5, KidSubsetSize: 250, KidKernel: new PolynomialKernel(2, 0.05, 0.5)), new EvaluationSeeds(KidSubsets: 7));
        Assert.Equal(0.35055413726198204, (double)r["kid"]["kid_mean"]!, 1e-6 * 0.35);
        Assert.Equal(7u, r["kid"]["kid_seed"]);
        // Without a subset size: 1,000, or all of the smaller side (250 here).
        Assert.Equal(250, Evaluate("kid", a, b, new MetricSettings(KidSubsets: 2))["kid"]["kid_subset_size"]);

        Assert.Contains("--kid-subset-size 251", Refused("kid", a, b, new MetricSettings(KidSubsetSize: 251)));
        var c = Save(dir, "c.npy", RandomFeatures.Uniform(3, 300, 32));
        Assert.Contains("32-d", Refused("kid", a, c, new MetricSettings(KidSubsetSize: 100)));
    }

    [Fact]
    public void PrdcMatchesClovaai_RealIsTheReference_AndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var real = Save(dir, "real.npy", RandomFeatures.Uniform(4, 200, 16));
        var fake = Save(dir, "fake.npy", RandomFeatures.Uniform(5, 150, 16, 1.1, 0.02));
        var r = Evaluate("prdc", fake, real)["prdc"];
        Assert.Equal(0.84, (double)r["precision"]!, 12);
        Assert.Equal(0.985, (double)r["recall"]!, 12);
        Assert.Equal(0.568, (double)r["density"]!, 12);
        Assert.Equal(0.825, (double)r["coverage"]!, 12);
        Assert.Equal(0.7133333086967468, (double)(float)(double)Evaluate("prdc", fake, real, new MetricSettings(PrdcK: 3))["prdc"]["precision"]!);

        Assert.Contains("--prdc-k 150", Refused("prdc", fake, real, new MetricSettings(PrdcK: 150)));
        Assert.Contains("missing.npy", Refused("prdc", Path.Combine(dir, "missing.npy"), real));
    }

    [Fact]
    public void FdInfMatchesFidIsInfinity_AndRefusesBadInput()
    {
        var dir = SharedFixtures.TempDir();
        var fake = Save(dir, "fake.npy", RandomFeatures.Uniform(10, 600, 8));
        var real = Save(dir, "real.npy", RandomFeatures.Uniform(11, 500, 8, 1.3, -0.1));
        // FID_IS_infinity calculate_FID_infinity_path after np.random.seed(0), min_fake=100, num_points=6 (see FrechetDistanceInfinityTests)
        var r = Evaluate("fd-inf", fake, real, new MetricSettings(FdInfPoints: 6, FdInfMinN: 100));
        Assert.Equal(0.08601051956167365, (double)r["fd-inf"]["fd_inf"]!, 1e-7);
        var points = r.Detail<FdInfResult>("fd-inf").Points;
        Assert.Equal(6, points.Count);
        Assert.Equal(100, points[0].N);
        Assert.Equal(0.12428561162064566, points[0].Fid, 1e-9);

        Assert.Contains("--fd-inf-min-n 600", Refused("fd-inf", fake, real, new MetricSettings(FdInfMinN: 600)));
        var c = Save(dir, "c.npy", RandomFeatures.Uniform(3, 300, 32));
        Assert.Contains("32-d", Refused("fd-inf", fake, c, new MetricSettings(FdInfMinN: 100)));
    }

    /// <summary>
    /// The reference fixture holds the lpips package's distances d(image i, image i+8), i = 0..7. A folder that lists
    /// image i and image i+8 side by side turns those into the consecutive pairs, so the diversity must be their mean;
    /// a folder of images 0 and 8 alone has one possible pair, so random pairing must give d(0, 8) whatever the seed.
    /// </summary>
    [SharedFact]
    public void LpipsDiversityOfImageFolders()
    {
        var expected = Npy.Read(Ref("expected_lpips.npy")).AsDouble();
        var dir = SharedFixtures.TempDir();
        var interleaved = Directory.CreateDirectory(Path.Combine(dir, "interleaved")).FullName;
        for (var i = 0; i < 8; i++)
        {
            File.CreateSymbolicLink(Path.Combine(interleaved, $"{2 * i:D2}.png"), Path.Combine(Ref("images"), $"{i:D4}.png"));
            File.CreateSymbolicLink(Path.Combine(interleaved, $"{2 * i + 1:D2}.png"), Path.Combine(Ref("images"), $"{i + 8:D4}.png"));
        }
        MetricResults Lpips(string source, MetricSettings settings, EvaluationSeeds? seeds = null) => Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = ["lpips"], Generated = source, LpipsModel = Ref("lpips_alex_random.onnx"), Settings = settings, Seeds = seeds ?? new(),
        });
        var consecutive = Lpips(interleaved, new MetricSettings(LpipsPairing: "consecutive"))["lpips"];
        Assert.Equal(8, consecutive["pairs"]);
        Assert.Equal(expected.Average(), (double)consecutive["lpips_diversity"]!, 1e-5);
        Assert.Null(consecutive["lpips_seed"]);

        var single = Directory.CreateDirectory(Path.Combine(dir, "single")).FullName;
        File.CreateSymbolicLink(Path.Combine(single, "a.png"), Path.Combine(Ref("images"), "0000.png"));
        File.CreateSymbolicLink(Path.Combine(single, "b.png"), Path.Combine(Ref("images"), "0008.png"));
        var one = Lpips(single, new MetricSettings(LpipsPairs: 1), new EvaluationSeeds(LpipsPairs: 3))["lpips"];
        Assert.Equal(1, one["pairs"]);
        Assert.Equal(expected[0], (double)one["lpips_diversity"]!, 1e-5);
        Assert.Equal(3, one["lpips_seed"]);
        Assert.Equal(20, Lpips(Ref("images"), new MetricSettings(LpipsPairs: 20))["lpips"]["pairs"]);
    }

    [Fact]
    public void ToyMetricsOfA2dGenerator_AreTheSamplesTheTableDescribes()
    {
        var dir = SharedFixtures.TempDir();
        var g = new Shared.Onnx.OnnxGraphBuilder("toy");
        var z = g.AddInput("z", Shared.Onnx.OnnxElementType.Float, "N", 4);
        var w = g.AddInitializer("w", new float[] { 2, 0, 0, 2, 0, 0, 0, 0 }, 4, 2);
        g.AddNode("MatMul", [z, w], ["samples"]);
        g.AddOutput("samples", Shared.Onnx.OnnxElementType.Float, "N", 2);
        g.Metadata["output_range"] = "unbounded";
        var path = Path.Combine(dir, "toy.onnx");
        g.Save(path);
        var r = Evaluate("toy", path, "ring8", new MetricSettings(ToySamples: 500));
        Assert.Equal(500, r["toy"]["n"]);
        Assert.Equal(8, r["toy"]["modes_total"]);
        var detail = r.Detail<ToyDetail>("toy");
        var csv = Path.Combine(dir, "samples.csv");
        Shared.Toy.ToySampleTable.Write(csv, detail.Mixture, detail.Samples);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("x,y,nearest_mode,distance_sigma,hq", rows[0]);
        Assert.Equal(500, rows.Length - 1);
        Assert.Equal((double)r["toy"]["hq_fraction"]!, rows.Skip(1).Count(row => row.EndsWith(",1")) / 500.0, 12);
        Assert.Contains("ring9", Refused("toy", path, "ring9"));
    }

    /// <summary>Every setting that changes a number is in the results beside it, and what differs from the published
    /// protocol (model provenance, dims, n, a reference prefix) is a caveat naming the metrics it concerns.</summary>
    [Fact]
    public void SettingsThatChangeTheNumbersAreReported_WithTheirCaveats()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 30, 1);
        var r = Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = ["fid", "is"], Generated = TestModels.TinyGenerator(dir), Reference = data, N = 20, NRef = 10,
            FeatureModel = new(Path: TestModels.TinyInception(dir)), UseCache = false,
        });
        Assert.Equal(new object?[] { 42, 20L, 10L, "inception", TestModels.FeatureSize, "unknown" },
            new[] { "seed", "n", "n_ref", "feature_model", "dims", "comparable" }.Select(r.Setting));
        Assert.Equal(64, ((string)r.Setting("feature_model_sha256")!).Length);
        Assert.Null(r.Setting("image_size"));
        Assert.Equal(Shared.Metrics.MetricRegistry.EvaluationSettings.Select(k => k.Key), r.Settings.Select(s => s.Key));
        var caveats = r.Caveats.ToDictionary(c => c.Text.Split(' ')[0], c => string.Join(",", c.Metrics));
        Assert.Equal("fid,is", caveats[Path.GetFileName(TestModels.TinyInception(dir))]);   // records no source-weights digest
        Assert.Equal("fid", caveats["dims"]);                                                  // IS reads the logits, not the features
        Assert.Equal("fid,is", caveats["n"]);
        Assert.Equal("fid", caveats["only"]);                                                  // only the first 10 reference images
        Assert.DoesNotContain(',', (string)r.Setting("caveats")!);

        // Two pytorch-fid statistics files: no model, their dimension and counts as recorded.
        var stats = Evaluate("fid", Ref("stats_a_64.npz"), Ref("stats_b_64.npz"));
        Assert.Equal(new object?[] { null, 64 }, new[] { "feature_model", "dims" }.Select(stats.Setting));
        Assert.Contains(stats.Caveats, c => c.Text == "dims 64 (not 2048)");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void EveryRegistryMetricHasOneImplementationReportingItsKeys()
    {
        Assert.Equal(Shared.Metrics.MetricRegistry.Names.Order(), MetricImplementations.All.Keys.Order());
        foreach (var (name, metric) in MetricImplementations.All) Assert.Same(Shared.Metrics.MetricRegistry.Find(name), metric.Descriptor);
    }
}
