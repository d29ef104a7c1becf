using MmaGan.Models.Lpips;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Lpips;

public class LpipsModelBuilderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static string AlexLin => SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth");

    static byte[] BuildReferenceAlex()
    {
        using var trunk = PthFile.Open(SharedFixtures.Reference("alexnet_features_random.pth"));
        using var lin = PthFile.Open(AlexLin);
        return LpipsModelBuilder.Build(trunk, lin, LpipsNet.Alex).ToBytes();
    }

    static (string, float[], int[])[] Pairs() =>
    [
        ("x0", ReferenceImages.LoadPm1(0, 8), [8, 3, 32, 32]),
        ("x1", ReferenceImages.LoadPm1(8, 8), [8, 3, 32, 32]),
    ];

    [SharedFact]
    public void Alex_MatchesReferenceLpipsWithin1e5()
    {
        var expected = Npy.Read(SharedFixtures.Reference("expected_lpips.npy")).AsDouble();
        var distance = OrtRunner.Run(BuildReferenceAlex(), Pairs())["distance"];
        Assert.Equal(8, distance.Length);
        output.WriteLine($"LPIPS alex: max |diff| vs lpips {Enumerable.Range(0, 8).Max(i => Math.Abs(distance[i] - expected[i])):E2} (values {distance.Min():F4}..{distance.Max():F4})");
        for (var i = 0; i < 8; i++) Assert.True(Math.Abs(distance[i] - expected[i]) < 1e-5, $"pair {i}: {distance[i]} vs {expected[i]}");
    }

    [SharedFact]
    public void Alex_AgreesWithTorchExportedModel()
    {
        var ours = OrtRunner.Run(BuildReferenceAlex(), Pairs())["distance"];
        var theirs = OrtRunner.Run(File.ReadAllBytes(SharedFixtures.Reference("lpips_alex_random.onnx")), Pairs());
        var d = theirs.Values.Single();
        output.WriteLine($"LPIPS alex: max |diff| vs torch-exported ONNX {Enumerable.Range(0, 8).Max(i => Math.Abs(ours[i] - d[i])):E2}");
        for (var i = 0; i < 8; i++) Assert.True(Math.Abs(ours[i] - d[i]) < 1e-5, $"pair {i}: {ours[i]} vs {d[i]}");
    }

    [SharedFact]
    public void Alex_IdenticalImagesHaveZeroDistance_AndOtherSizesWork()
    {
        var x = ReferenceImages.LoadPm1(0, 2);
        var d = OrtRunner.Run(BuildReferenceAlex(), ("x0", x, [2, 3, 32, 32]), ("x1", x, [2, 3, 32, 32]))["distance"];
        Assert.All(d, v => Assert.Equal(0f, v));
        var big = new float[1 * 3 * 64 * 48];
        var other = big.Select((_, i) => MathF.Sin(i)).ToArray();
        var d2 = OrtRunner.Run(BuildReferenceAlex(), ("x0", big, [1, 3, 64, 48]), ("x1", other, [1, 3, 64, 48]))["distance"];
        Assert.Single(d2);
        Assert.True(d2[0] > 0);
    }

    [SharedFact]
    public void WrongLinFile_IsAnInputError()
    {
        using var trunk = PthFile.Open(SharedFixtures.Reference("alexnet_features_random.pth"));
        using var vggLin = PthFile.Open(SharedFixtures.Path_("weights", "lpips-v0.1", "vgg.pth"));
        var e = Assert.Throws<InputException>(() => LpipsModelBuilder.Build(trunk, vggLin, LpipsNet.Alex));
        Assert.Contains("expected [1, 192, 1, 1]", e.Message);
        using var lin = PthFile.Open(AlexLin);
        Assert.Throws<InputException>(() => LpipsModelBuilder.Build(lin, lin, LpipsNet.Alex));
    }
}
