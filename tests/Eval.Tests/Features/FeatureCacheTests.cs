using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

public class FeatureCacheTests
{
    [Fact]
    public void WholeEntriesReadBackAndBadOnesAreDeleted()
    {
        var dir = SharedFixtures.TempDir();
        var cache = new FeatureCache(dir);
        const string key = "k";
        var features = Enumerable.Range(0, 5 * 3).Select(i => (float)i).ToArray();
        Npy.Write(cache.FeaturesPath(key), features, 5, 3);
        var stats = new GaussianStats(3);
        stats.AddBatch(features, 5);
        cache.Complete(key, stats, "src", "model.onnx");
        Assert.Equal(features, cache.TryReadFeatures(key, 5, 3)!.Data);
        Assert.Equal(5L, cache.TryReadStats(key, 5, null)!.Count);
        Assert.Single(cache.List());

        // Wrong shape (e.g. another image count) → not trusted, entry deleted.
        Assert.Null(cache.TryReadFeatures(key, 6, 3));
        Assert.False(File.Exists(cache.FeaturesPath(key)));
        Assert.False(File.Exists(cache.StatsPath(key)));

        // Truncated features file → deleted.
        Npy.Write(cache.FeaturesPath(key), features, 5, 3);
        var bytes = File.ReadAllBytes(cache.FeaturesPath(key));
        File.WriteAllBytes(cache.FeaturesPath(key), bytes[..(bytes.Length - 7)]);
        Assert.Null(cache.TryReadFeatures(key, 5, 3));
        Assert.False(File.Exists(cache.FeaturesPath(key)));

        // Empty statistics file → deleted.
        File.WriteAllBytes(cache.StatsPath(key), []);
        Assert.Null(cache.TryReadStats(key, 5, null));
        Assert.False(File.Exists(cache.StatsPath(key)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void KeyDependsOnContentModelAndPreprocessing()
    {
        var dir = SharedFixtures.TempDir();
        var f = Path.Combine(dir, "a.bin");
        File.WriteAllBytes(f, [1, 2, 3]);
        var h1 = FeatureCache.ContentHash([f]);
        File.WriteAllBytes(f, [1, 2, 4]);
        var h2 = FeatureCache.ContentHash([f]);
        Assert.NotEqual(h1, h2);
        Assert.NotEqual(FeatureCache.Key(h1, "m", "n=5"), FeatureCache.Key(h2, "m", "n=5"));
        Assert.NotEqual(FeatureCache.Key(h1, "m", "n=5"), FeatureCache.Key(h1, "m2", "n=5"));
        Assert.NotEqual(FeatureCache.Key(h1, "m", "n=5"), FeatureCache.Key(h1, "m", "n=6"));
        Directory.Delete(dir, true);
    }
}
