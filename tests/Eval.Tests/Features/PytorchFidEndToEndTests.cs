using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Sources;
using MmaGan.Models.Inception;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Features;

/// <summary>
/// The whole evaluator path against pytorch-fid: PNG folder → [0,1] batches → the FID Inception built from the fixture's
/// random-weight state dict (same architecture and keys as the official file) → pool3 and logits.
/// </summary>
public class PytorchFidEndToEndTests
{
    static readonly Lazy<string> Model = new(() =>
    {
        var path = Path.Combine(SharedFixtures.TempDir("mmagan-eval-inception"), "fid-inception-random.onnx");
        FidInceptionBuilder.BuildFile(SharedFixtures.Reference("fid_inception_random.pth"), path);
        return path;
    });

    [SharedFact]
    public void FolderFeaturesAndLogitsMatchPytorchFid()
    {
        using var model = new InceptionModel(Model.Value);
        Assert.Equal(2048, model.FeatureSize);
        Assert.Equal("logits_unbiased", model.LogitsOutput);
        var dir = SharedFixtures.TempDir();
        var featuresPath = Path.Combine(dir, "f.npy");
        using var src = ImageSources.Open(SharedFixtures.Reference("images"));
        ExtractionResult r;
        using (var writer = new StreamingNpyWriter(featuresPath, src.Count, model.FeatureSize))
        {
            r = FeatureExtractor.Run(src, model, batchSize: 5, wantLogits: true, featuresOut: writer);
            writer.Complete();
        }
        var pool3 = Npy.Read(featuresPath).AsFloat();
        var expected = Npy.Read(SharedFixtures.Reference("expected_pool3.npy")).AsFloat();
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(pool3[i] - expected[i]) <= 1e-4 * (Math.Abs(expected[i]) + scale), $"pool3[{i}]");
        var logits = Npy.Read(SharedFixtures.Reference("expected_logits_unbiased.npy")).AsFloat();
        var lscale = logits.Max(Math.Abs);
        for (var i = 0; i < logits.Length; i++) Assert.True(Math.Abs(r.Logits![i] - logits[i]) <= 1e-4 * (Math.Abs(logits[i]) + lscale), $"logits[{i}]");
        // IS from the pipeline's logits equals IS from the reference logits.
        var a = InceptionScore.Compute(r.Logits!, 16, 1008, 2);
        var b = InceptionScore.Compute(logits, 16, 1008, 2);
        Assert.Equal(b.Mean, a.Mean, 3);
        // Stats from the stream equal mean/covariance of the reference features.
        var direct = new GaussianStats(2048);
        direct.AddBatch(expected, 16);
        var mu = r.Stats.Mean();
        var dmu = direct.Mean();
        for (var i = 0; i < 2048; i++) Assert.True(Math.Abs(mu[i] - dmu[i]) <= 1e-4 * (Math.Abs(dmu[i]) + scale));
        Directory.Delete(dir, true);
    }

    /// <summary><c>stats --dims 64</c> (<see cref="MmaGan.Eval.Evaluation.FeatureStatistics"/>, in process): pytorch-fid's block-0 features
    /// (expected values: see Models.Tests FidInceptionBuilderTests.EarlierBlocksMatchPytorchFid), and the .npz records the
    /// dimension; the command refuses a dimension pytorch-fid has not (exit 2).</summary>
    [SharedFact]
    public void StatsWithDims64UsePytorchFidsFirstBlock()
    {
        var dir = SharedFixtures.TempDir();
        var stats = Path.Combine(dir, "s.npz");
        var features = Path.Combine(dir, "f.npy");
        var r = MmaGan.Eval.Evaluation.FeatureStatistics.Write(new MmaGan.Eval.Evaluation.StatisticsRequest(SharedFixtures.Reference("images"), stats,
            new MmaGan.Eval.Evaluation.FeatureModelChoice(Path: Model.Value, Dims: 64), new MmaGan.Eval.Evaluation.SourceReading(), FeaturesOut: features));
        Assert.Equal((16L, 64), (r.Count, r.Dimension));
        var f = Npy.Read(features);
        Assert.Equal([16L, 64], f.Shape);
        var expected = Npy.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Models.Tests", "Inception", "Fixtures", "expected_pool64.npy")).AsFloat();
        var actual = f.AsFloat();
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-4 * (Math.Abs(expected[i]) + scale), $"pool64[{i}]");
        Assert.Equal(64L, Npz.Read(stats)["dims"].AsInt64()[0]);
        var bad = Cli.EvalCli.Run("stats", SharedFixtures.Reference("images"), "--inception", Model.Value, "--dims", "100", "--out", stats);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--dims 100", Assert.Single(bad.Stderr.Trim().Split('\n'), l => l.StartsWith("error:")));
        Directory.Delete(dir, true);
    }
}
