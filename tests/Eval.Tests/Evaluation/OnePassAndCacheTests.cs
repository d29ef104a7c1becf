using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Evaluation;

/// <summary>Several metrics from one pass give what each gives alone; dataset sources use all their images unless capped;
/// the feature cache is read, bypassed, and distrusted when corrupt.</summary>
public class OnePassAndCacheTests
{
    /// <summary>A CIFAR-10 binary batch of <paramref name="records"/> random images (label byte + 3072 pixel bytes each).</summary>
    internal static void WriteCifarBatch(string path, int records, int seed)
    {
        var bytes = new byte[records * 3073];
        new Random(seed).NextBytes(bytes);
        for (var r = 0; r < records; r++) bytes[r * 3073] = (byte)(r % 10);
        File.WriteAllBytes(path, bytes);
    }

    static EvaluationRequest Request(string dir, string generated, string reference, params string[] metrics) => new()
    {
        Metrics = metrics, Generated = generated, Reference = reference, FeatureModel = new(Path: TestModels.TinyInception(dir)),
        N = 40, Reading = new SourceReading(Batch: 16), CacheFolder = Path.Combine(dir, "cache"),
    };

    [Fact]
    public void FeatureMetricsTogetherEqualEachAlone()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 40, 1);
        var all = Evaluator.Evaluate(Request(dir, gen, data, "fid", "is", "kid", "prdc", "fd-inf"));
        Assert.Equal(["fid", "is", "kid", "prdc", "fd-inf"], all.Outcomes.Select(o => o.Metric.Name));
        Assert.Equal("4", all.GeneratorMetadata["k"]);
        foreach (var metric in new[] { "fid", "kid", "prdc", "fd-inf" })
        {
            var alone = Evaluator.Evaluate(Request(dir, gen, data, metric))[metric];
            foreach (var (key, value) in alone.Values) Assert.Equal(value, all[metric][key]);
        }
        // KID subsets of min(1000, 40, 40); FD∞ from N = 20.
        Assert.Equal(40, all["kid"]["kid_subset_size"]);
        Assert.Equal(20, all.Detail<Eval.Metrics.FdInfResult>("fd-inf").Points[0].N);
    }

    [Fact]
    public void ADatasetUsesAllItsImagesUnlessCapped_WhateverTheGeneratorsN()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 30, 2);
        double Fid(int n, int? nRef) => (double)Evaluator.Evaluate(Request(dir, gen, data, "fid") with { N = n, NRef = nRef, UseCache = false })["fid"]["fid"]!;
        Assert.Equal(Fid(10, 30), Fid(10, null), 12);
        Assert.NotEqual(Fid(10, 10), Fid(10, null));
    }

    [Fact]
    public void StatisticsAreNotFeatures_AndMissingSidesAreNamed()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        Assert.Contains("ref.npz", Assert.Throws<InputException>(() => Evaluator.Evaluate(Request(dir, gen, "ref.npz", "kid"))).Message);
        Assert.Contains("--reference", Assert.Throws<InputException>(() => Evaluator.Evaluate(Request(dir, gen, null!, "fid"))).Message);
        Assert.Contains("bogus", Assert.Throws<InputException>(() => Evaluator.Evaluate(Request(dir, gen, "x.npz", "fid", "bogus"))).Message);
    }

    [Fact]
    public void DatasetFeaturesAreCached_Bypassed_AndRecomputedWhenCorrupt()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 40, 3);
        var request = Request(dir, gen, data, "fid", "kid") with { N = 30 };
        var cache = new MmaGan.Eval.Features.FeatureCache(request.CacheFolder!);
        var first = Evaluator.Evaluate(request);
        var entry = Assert.Single(cache.List());
        Assert.Equal(40, entry.Count);
        var written = File.GetLastWriteTimeUtc(cache.FeaturesPath(entry.Key));
        Assert.Equal(first.Values, Evaluator.Evaluate(request).Values);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cache.FeaturesPath(entry.Key)));
        Assert.Equal(first.Values, Evaluator.Evaluate(request with { UseCache = false }).Values);

        File.WriteAllBytes(cache.StatsPath(entry.Key), []);
        Assert.Equal(first.Values, Evaluator.Evaluate(request).Values);
        Assert.Equal(40, Assert.Single(cache.List()).Count);
        Assert.Equal(3, cache.Clear());
    }

    /// <summary>The first --n-ref images of a source cached whole come from the cache: no second entry, the same numbers.</summary>
    [Fact]
    public void APrefixOfACachedSourceIsServedFromTheCache()
    {
        var dir = SharedFixtures.TempDir();
        var gen = TestModels.TinyGenerator(dir);
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 40, 4);
        var request = Request(dir, gen, data, "fid", "kid") with { N = 30 };
        var cache = new MmaGan.Eval.Features.FeatureCache(request.CacheFolder!);
        Evaluator.Evaluate(request);
        var prefix = Evaluator.Evaluate(request with { NRef = 25 });
        Assert.Equal(40, Assert.Single(cache.List()).Count);
        Assert.Equal(25L, prefix.Setting("n_ref"));
        var extracted = Evaluator.Evaluate(request with { NRef = 25, UseCache = false });
        Assert.Equal((double)extracted["fid"]["fid"]!, (double)prefix["fid"]["fid"]!, 1e-9);
        Assert.Equal((double)extracted["kid"]["kid_mean"]!, (double)prefix["kid"]["kid_mean"]!, 1e-12);
    }

    [Fact]
    public void DimsNeedTheBlockOutput()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        WriteCifarBatch(data, 10, 2);
        var request = Request(dir, data, data, "fid") with { FeatureModel = new(Path: TestModels.TinyInception(dir), Dims: 768), UseCache = false };
        Assert.Contains("no output 'pool768' for --dims 768", Assert.Throws<InputException>(() => Evaluator.Evaluate(request)).Message);
    }
}
