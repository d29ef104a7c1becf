using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

public class FeatureExtractorTests
{
    [SharedFact]
    public void PipelineMatchesOneBigBatchAndWritesFeatures()
    {
        var dir = SharedFixtures.TempDir();
        using var model = new InceptionModel(TestModels.TinyInception(dir));
        Assert.Equal(TestModels.FeatureSize, model.FeatureSize);
        Assert.Equal("logits_unbiased", model.LogitsOutput);

        using var all = ImageSources.Open(SharedFixtures.Reference("images"));
        var batch = all.ReadBatches(16).Single();
        var (features, logits) = model.Run(batch.Data, 16, 32, 32, true);
        var direct = new GaussianStats(TestModels.FeatureSize);
        for (var i = 0; i < 16; i++) direct.Add(features.AsSpan(i * 8, 8).ToArray().Select(v => (double)v).ToArray());

        using var src = ImageSources.Open(SharedFixtures.Reference("images"));
        var featuresPath = Path.Combine(dir, "f.npy");
        ExtractionResult r;
        using (var writer = new StreamingNpyWriter(featuresPath, src.Count, model.FeatureSize))
        {
            r = FeatureExtractor.Run(src, model, batchSize: 3, wantLogits: true, featuresOut: writer);
            writer.Complete();
        }
        Assert.Equal(16, r.Count);
        Assert.Equal(16, r.Stats.Count);
        var mu = r.Stats.Mean();
        var sigma = r.Stats.Covariance();
        var dmu = direct.Mean();
        var dsigma = direct.Covariance();
        for (var i = 0; i < mu.Length; i++) Assert.Equal(dmu[i], mu[i], 10);
        for (var i = 0; i < sigma.Length; i++) Assert.Equal(dsigma[i], sigma[i], 10);
        Assert.Equal(logits, r.Logits);
        var saved = Npy.Read(featuresPath);
        Assert.Equal(new long[] { 16, 8 }, saved.Shape);
        Assert.Equal(features, saved.AsFloat());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FailingSourceLeavesNoFeaturesFile()
    {
        var dir = SharedFixtures.TempDir();
        using var model = new InceptionModel(TestModels.TinyInception(dir));
        using var src = ImageSources.Open(TestModels.NaNGenerator(dir), n: 20);
        var featuresPath = Path.Combine(dir, "f.npy");
        Assert.Throws<InputException>(() =>
        {
            using var writer = new StreamingNpyWriter(featuresPath, src.Count, model.FeatureSize);
            FeatureExtractor.Run(src, model, batchSize: 4, featuresOut: writer);
            writer.Complete();
        });
        Assert.False(File.Exists(featuresPath));
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void WrongShapedModelIsRejected()
    {
        var dir = SharedFixtures.TempDir();
        var path = TestModels.TinyInception(dir, featureName: "features");
        var e = Assert.Throws<InputException>(() => new InceptionModel(path));
        Assert.Contains("pool3", e.Message);
        Directory.Delete(dir, true);
    }
}
