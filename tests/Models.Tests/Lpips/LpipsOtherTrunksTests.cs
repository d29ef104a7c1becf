using MmaGan.Models.Lpips;
using MmaGan.Shared.Pth;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Lpips;

/// <summary>VGG16 and SqueezeNet 1.1 trunks with random weights (torchvision key names and shapes) and the real
/// LPIPS v0.1 lin layers: the graphs must load and give N non-negative distances, 0 for identical inputs.
/// (No reference outputs exist for these trunks here; the alex trunk is checked against lpips itself.)</summary>
public class LpipsOtherTrunksTests
{
    static List<(string, float[], long[])> Conv(string key, long o, long i, long k, int seed)
    {
        var scale = (float)Math.Sqrt(3.0 / (i * k * k));
        return [($"{key}.weight", TestWeights.Random(o * i * k * k, scale, seed), [o, i, k, k]), ($"{key}.bias", TestWeights.Random(o, 0.01f, seed + 1), [o])];
    }

    static string VggTrunk()
    {
        var tensors = new List<(string, float[], long[])>();
        (int Index, long In, long Out)[] convs =
            [(0, 3, 64), (2, 64, 64), (5, 64, 128), (7, 128, 128), (10, 128, 256), (12, 256, 256), (14, 256, 256),
             (17, 256, 512), (19, 512, 512), (21, 512, 512), (24, 512, 512), (26, 512, 512), (28, 512, 512)];
        foreach (var (index, cin, cout) in convs) tensors.AddRange(Conv($"features.{index}", cout, cin, 3, index));
        var path = Path.Combine(SharedFixtures.TempDir(), "vgg16_random.pth");
        PthWriter.WriteZip(path, tensors);
        return path;
    }

    static string SqueezeTrunk()
    {
        var tensors = new List<(string, float[], long[])>();
        tensors.AddRange(Conv("features.0", 64, 3, 3, 0));
        (int Index, long In, long Squeeze, long Expand)[] fires =
            [(3, 64, 16, 64), (4, 128, 16, 64), (6, 128, 32, 128), (7, 256, 32, 128), (9, 256, 48, 192), (10, 384, 48, 192), (11, 384, 64, 256), (12, 512, 64, 256)];
        foreach (var (i, cin, s, e) in fires)
        {
            tensors.AddRange(Conv($"features.{i}.squeeze", s, cin, 1, i * 10));
            tensors.AddRange(Conv($"features.{i}.expand1x1", e, s, 1, i * 10 + 3));
            tensors.AddRange(Conv($"features.{i}.expand3x3", e, s, 3, i * 10 + 6));
        }
        var path = Path.Combine(SharedFixtures.TempDir(), "squeezenet1_1_random.pth");
        PthWriter.WriteZip(path, tensors);
        return path;
    }

    [SharedTheory]
    [InlineData("vgg")]
    [InlineData("squeeze")]
    public void Trunk_BuildsAndRuns(string net)
    {
        var which = net == "vgg" ? LpipsNet.Vgg : LpipsNet.Squeeze;
        using var trunk = PthFile.Open(which == LpipsNet.Vgg ? VggTrunk() : SqueezeTrunk());
        using var lin = PthFile.Open(SharedFixtures.Path_("weights", "lpips-v0.1", net + ".pth"));
        var model = LpipsModelBuilder.Build(trunk, lin, which).ToBytes();
        var x0 = ReferenceImages.LoadPm1(0, 3);
        var x1 = ReferenceImages.LoadPm1(8, 3);
        var d = OrtRunner.Run(model, ("x0", x0, [3, 3, 32, 32]), ("x1", x1, [3, 3, 32, 32]))["distance"];
        Assert.Equal(3, d.Length);
        Assert.All(d, v => Assert.True(v > 0 && float.IsFinite(v)));
        var same = OrtRunner.Run(model, ("x0", x0, [3, 3, 32, 32]), ("x1", x0, [3, 3, 32, 32]))["distance"];
        Assert.All(same, v => Assert.Equal(0f, v));
    }
}
