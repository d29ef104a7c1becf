using MmaGan.Eval.Features;
using MmaGan.Eval.Preprocessing;
using MmaGan.Eval.Sources;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

/// <summary>A model that records a convention resizing outside the network gets its input resized as it says, in every
/// extraction (the clean FID Inception: <c>models build-fid --resize clean</c>).</summary>
public class FeaturePreprocessingTests
{
    sealed class Images(float[][] chw, int h, int w) : IImageSource
    {
        public string Name => "seeded";
        public int Count => chw.Length;
        public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
        {
            for (var i = 0; i < chw.Length; i += batchSize)
            {
                var n = Math.Min(batchSize, chw.Length - i);
                yield return new ImageBatch([.. chw.Skip(i).Take(n).SelectMany(x => x)], n, h, w);
            }
        }
        public void Dispose() { }
    }

    [Fact]
    public void CleanModel_GetsPilBicubicResizedInput_OnZeroTo255()
    {
        var dir = SharedFixtures.TempDir();
        using var model = new InceptionModel(TestModels.ResizedInputModel(dir));
        Assert.Equal(FeaturePreprocessing.Clean with { InputSize = 12 }, model.Preprocessing);
        var images = Enumerable.Range(0, 3).Select(i => SeededData.ImageChw01(2, i, 20, 16)).ToArray();
        var r = FeatureExtractor.Run(new Images(images, 20, 16), model, batchSize: 2);
        // expected: the channel means of clip(PIL-bicubic(255·x)) at 12×12
        var expected = new double[3];
        foreach (var x in images)
            for (var c = 0; c < 3; c++)
                expected[c] += PilResample.Resize(x.AsSpan(c * 320, 320).ToArray().Select(v => v * 255f).ToArray(), 20, 16, 12, 12)
                    .Average(v => (double)Math.Clamp(v, 0f, 255f)) / images.Length;
        var mean = r.Stats.Mean();
        for (var c = 0; c < 3; c++) Assert.Equal(expected[c], mean[c], 3);
    }

    [Fact]
    public void A_Model_OpensOnlyInTheSpaceItRecords()
    {
        var dir = SharedFixtures.TempDir();
        var path = TestModels.ResizedInputModel(dir, "dgm-eval", "pil-bicubic-uint8", 14, "[0,1]", featureSpace: "dinov2", output: "features");
        var e = Assert.Throws<InputException>(() => new InceptionModel(path));
        Assert.Contains("a dinov2 feature network, not an Inception model (score its features with --features dinov2", e.Message);
        e = Assert.Throws<InputException>(() => new InceptionModel(path, featureSpace: "clip"));
        Assert.Contains("a dinov2 feature network, not a CLIP one", e.Message);
        using (var any = new InceptionModel(path, featureSpace: null)) Assert.Equal("features", any.FeatureOutput);
        using var m = new InceptionModel(path, featureSpace: "dinov2");
        Assert.Equal("features", m.FeatureOutput);
        Assert.Equal("dinov2", m.FeatureSpace);
        Assert.Equal("dgm-eval", m.Preprocessing.Convention);
        var inception = TestModels.ResizedInputModel(dir, "clean", "pil-bicubic-float", 14, "[0,255]");
        e = Assert.Throws<InputException>(() => new InceptionModel(inception, featureSpace: "dinov2"));
        Assert.Contains("an Inception model, not a DINOv2 feature network (build one with `mmagan-eval models build-dinov2`", e.Message);
    }

    [Fact]
    public void UnknownResize_IsOneLine()
    {
        var dir = SharedFixtures.TempDir();
        var e = Assert.Throws<InputException>(() => new InceptionModel(TestModels.ResizedInputModel(dir, resize: "lanczos")));
        Assert.Contains("unknown resize 'lanczos'", e.Message);
    }
}
