using MmaGan.Models.Inception;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Inception;

public class FidInceptionBuilderTests
{
    static readonly Lazy<byte[]> MergedModel = new(() => BuildReference(mergePointwise: true));
    static readonly Lazy<byte[]> DefaultModel = new(() => BuildReference(mergePointwise: false));

    static byte[] BuildReference(bool mergePointwise)
    {
        using var w = PthFile.Open(SharedFixtures.Reference("fid_inception_random.pth"));
        return FidInceptionBuilder.Build(w, mergePointwise).ToBytes();
    }

    /// <summary>numpy.allclose(actual, expected, rtol, atol = rtol · max|expected|): relative 1e-4, with entries near zero
    /// judged against the tensor's scale (a logit that is a sum of 2048 products can be ~0 while its rounding error is not).</summary>
    static void AssertClose(string name, float[] actual, double[] expected, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var maxAbs = expected.Select((e, i) => Math.Abs(actual[i] - e)).Max();
        var norm = Math.Sqrt(expected.Select((e, i) => (actual[i] - e) * (actual[i] - e)).Sum() / expected.Sum(e => e * e));
        Console.WriteLine($"{name}: max |diff| {maxAbs:E2}, max |diff|/max|expected| {maxAbs / scale:E2}, ||diff||/||expected|| {norm:E2}");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= rtol * (Math.Abs(expected[i]) + scale),
                $"{name}[{i}]: {actual[i]} vs {expected[i]}");
    }

    [SharedTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void MatchesPytorchFidOnReferenceImages(bool mergePointwise)
    {
        var x = ReferenceImages.Load01();
        var outputs = OrtRunner.Run((mergePointwise ? MergedModel : DefaultModel).Value, (FidInceptionBuilder.InputName, x, [16, 3, 32, 32]));
        AssertClose("pool3", outputs["pool3"], Npy.Read(SharedFixtures.Reference("expected_pool3.npy")).AsDouble(), 1e-4);
        AssertClose("logits_unbiased", outputs["logits_unbiased"], Npy.Read(SharedFixtures.Reference("expected_logits_unbiased.npy")).AsDouble(), 1e-4);
        AssertClose("logits", outputs["logits"], Npy.Read(SharedFixtures.Reference("expected_logits.npy")).AsDouble(), 1e-4);
    }

    /// <summary>
    /// pytorch-fid's earlier blocks (--dims 64/192/768). Expected values (Inception/Fixtures/expected_pool{64,192,768}.npy):
    /// pytorch-fid (github mseitzer/pytorch-fid) <c>InceptionV3([0, 1, 2, 3], resize_input=True, normalize_input=True)</c>
    /// with the random-weight twin fid_inception_random.pth on the 16 reference PNGs, each block output reduced by
    /// <c>adaptive_avg_pool2d(·, (1, 1))</c> as its get_activations does; Debian python3-torch 1.13 / torchvision 0.14
    /// (the same script reproduces expected_pool3.npy to 6e-6).
    /// </summary>
    [SharedTheory]
    [InlineData(64)]
    [InlineData(192)]
    [InlineData(768)]
    public void EarlierBlocksMatchPytorchFid(int dims)
    {
        var x = ReferenceImages.Load01();
        var outputs = OrtRunner.Run(DefaultModel.Value, (FidInceptionBuilder.InputName, x, [16, 3, 32, 32]));
        var expected = Npy.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Models.Tests", "Inception", "Fixtures", $"expected_pool{dims}.npy"));
        Assert.Equal([16L, dims], expected.Shape);
        AssertClose($"pool{dims}", outputs[$"pool{dims}"], expected.AsDouble(), 1e-4);
    }

    [SharedFact]
    public void DynamicBatchAndSize()
    {
        var x = new float[2 * 3 * 299 * 299];
        for (var i = 0; i < x.Length; i++) x[i] = (i % 255) / 255f;
        var outputs = OrtRunner.Run(DefaultModel.Value, (FidInceptionBuilder.InputName, x, [2, 3, 299, 299]));
        Assert.Equal(2 * 2048, outputs["pool3"].Length);
        var y = new float[1 * 3 * 64 * 80];
        outputs = OrtRunner.Run(DefaultModel.Value, (FidInceptionBuilder.InputName, y, [1, 3, 64, 80]));
        Assert.Equal(1008, outputs["logits"].Length);
    }

    [SharedFact]
    public void WrongWeights_AreAnInputError()
    {
        using var w = PthFile.Open(SharedFixtures.Reference("alexnet_features_random.pth"));
        Assert.Throws<InputException>(() => FidInceptionBuilder.Build(w));
    }

    /// <summary>
    /// clean-fid's clean convention: no resize inside, input 0–255 at 299×299, scaled (x − 128)/128 (InceptionV3W), the same
    /// layers. So clean(x) = legacy(x′) for x′ = ((x − 128)/128 + 1)/2 at 299×299 (where the legacy model's resize is the identity).
    /// </summary>
    [SharedFact]
    public void CleanConvention_IsTheSameNetworkWithoutTheResize_ScaledAsCleanFid()
    {
        using var w = PthFile.Open(SharedFixtures.Reference("fid_inception_random.pth"));
        var clean = FidInceptionBuilder.Build(w, convention: FeaturePreprocessing.Clean);
        Assert.Equal("clean", clean.Metadata["preprocess"]);
        Assert.Equal("pil-bicubic-float", clean.Metadata["resize"]);
        Assert.Equal("[0,255]", clean.Metadata["input_range"]);
        Assert.Equal(FeaturePreprocessing.Clean, FeaturePreprocessing.FromMetadata((IReadOnlyDictionary<string, string>)clean.Metadata, out _));
        var x = new float[3 * 299 * 299];
        for (var i = 0; i < x.Length; i++) x[i] = (i * 37 % 256) + 0.25f;
        var xLegacy = x.Select(v => ((v - 128f) / 128f + 1f) / 2f).ToArray();
        var a = OrtRunner.Run(clean.ToBytes(), (FidInceptionBuilder.InputName, x, [1, 3, 299, 299]))["pool3"];
        var b = OrtRunner.Run(DefaultModel.Value, (FidInceptionBuilder.InputName, xLegacy, [1, 3, 299, 299]))["pool3"];
        AssertClose("pool3 clean vs legacy", a, [.. b.Select(v => (double)v)], 1e-4);
        var legacy = FidInceptionBuilder.Build(w);
        Assert.Equal(FeaturePreprocessing.LegacyPytorch, FeaturePreprocessing.FromMetadata((IReadOnlyDictionary<string, string>)legacy.Metadata, out _));
    }
}
