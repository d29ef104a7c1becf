using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MmaGan.Models.Inception;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace MmaGan.Models.Tests.Inception;

public class FidInceptionBuilderTests(ITestOutputHelper output)
{
    static readonly Lazy<byte[]> Model = new(() =>
    {
        using var w = PthFile.Open(SharedFixtures.Reference("fid_inception_random.pth"));
        return FidInceptionBuilder.Build(w).ToBytes();
    });

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

    [SharedFact]
    public void MatchesPytorchFidOnReferenceImages()
    {
        var x = ReferenceImages.Load01();
        var outputs = OrtRunner.Run(Model.Value, (FidInceptionBuilder.InputName, x, [16, 3, 32, 32]));
        AssertClose("pool3", outputs["pool3"], Npy.Read(SharedFixtures.Reference("expected_pool3.npy")).AsDouble(), 1e-4);
        AssertClose("logits_unbiased", outputs["logits_unbiased"], Npy.Read(SharedFixtures.Reference("expected_logits_unbiased.npy")).AsDouble(), 1e-4);
        AssertClose("logits", outputs["logits"], Npy.Read(SharedFixtures.Reference("expected_logits.npy")).AsDouble(), 1e-4);
    }

    [SharedFact]
    public void DynamicBatchAndSize()
    {
        var x = new float[2 * 3 * 299 * 299];
        for (var i = 0; i < x.Length; i++) x[i] = (i % 255) / 255f;
        var outputs = OrtRunner.Run(Model.Value, (FidInceptionBuilder.InputName, x, [2, 3, 299, 299]));
        Assert.Equal(2 * 2048, outputs["pool3"].Length);
        var y = new float[1 * 3 * 64 * 80];
        outputs = OrtRunner.Run(Model.Value, (FidInceptionBuilder.InputName, y, [1, 3, 64, 80]));
        Assert.Equal(1008, outputs["logits"].Length);
    }

    [SharedFact]
    public void WrongWeights_AreAnInputError()
    {
        using var w = PthFile.Open(SharedFixtures.Reference("alexnet_features_random.pth"));
        Assert.Throws<InputException>(() => FidInceptionBuilder.Build(w));
    }

    [SharedFact]
    public void Speed_ImagesPerSecondAtTwoThreads()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        using var session = new InferenceSession(Model.Value, options);
        var x = new float[16 * 3 * 32 * 32];
        for (var i = 0; i < x.Length; i++) x[i] = (i % 251) / 251f;
        OrtRunner.Run(session, (FidInceptionBuilder.InputName, x, [16, 3, 32, 32]));
        var sw = Stopwatch.StartNew();
        const int rounds = 2;
        for (var r = 0; r < rounds; r++) OrtRunner.Run(session, (FidInceptionBuilder.InputName, x, [16, 3, 32, 32]));
        var rate = rounds * 16 / sw.Elapsed.TotalSeconds;
        output.WriteLine($"FID Inception (built): {rate:F1} images/s at 2 threads, batch 16");
        Assert.True(rate > 1);
    }
}
