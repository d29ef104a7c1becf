using MmaGan.Eval.Metrics;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

public class LpipsModelTests
{
    [SharedFact]
    public void ReproducesReferenceLpipsOnFixtureImages()
    {
        var expected = Npy.Read(SharedFixtures.Reference("expected_lpips.npy")).AsFloat();
        float[] Load(int i) => ImageTensor.ToChw01(ImageFile.Read(SharedFixtures.Reference(Path.Combine("images", $"{i:D4}.png")))).Select(v => v * 2 - 1).ToArray();
        var x0 = Enumerable.Range(0, 8).SelectMany(Load).ToArray();
        var x1 = Enumerable.Range(8, 8).SelectMany(Load).ToArray();
        using var model = new LpipsModel(SharedFixtures.Reference("lpips_alex_random.onnx"));
        var d = model.Distance(x0, x1, 8, 32, 32);
        for (var i = 0; i < 8; i++) Assert.True(Math.Abs(d[i] - expected[i]) <= 1e-5, $"pair {i}: {d[i]} vs {expected[i]}");
    }

    [SharedFact]
    public void ImagesBelow32PixelsAreScoredCentredOnBlackAt32()
    {
        // The 28×28 centres of the fixture pairs score as those centres padded with −1 to 32×32 (as the lpips package needs ≥ 32).
        float[] Load(int i) => ImageTensor.ToChw01(ImageFile.Read(SharedFixtures.Reference(Path.Combine("images", $"{i:D4}.png")))).Select(v => v * 2 - 1).ToArray();
        float[] Crop(float[] x) => Enumerable.Range(0, 3 * 28 * 28).Select(j => x[(j / 784 * 32 + j % 784 / 28 + 2) * 32 + j % 28 + 2]).ToArray();
        float[] Pad(float[] x) => Enumerable.Range(0, 3 * 32 * 32).Select(j => j % 1024 / 32 is >= 2 and < 30 && j % 32 is >= 2 and < 30 ? x[(j / 1024 * 28 + j % 1024 / 32 - 2) * 28 + j % 32 - 2] : -1f).ToArray();
        using var model = new LpipsModel(SharedFixtures.Reference("lpips_alex_random.onnx"));
        var (a, b) = (Crop(Load(0)), Crop(Load(8)));
        Assert.Equal(model.Distance(Pad(a), Pad(b), 1, 32, 32), model.Distance(a, b, 1, 28, 28));
    }

    [Fact]
    public void MissingOrCorruptModelNamesTheFile()
    {
        var dir = SharedFixtures.TempDir();
        var bad = Path.Combine(dir, "bad.onnx");
        File.WriteAllText(bad, "garbage");
        Assert.Contains("bad.onnx", Assert.Throws<InputException>(() => new LpipsModel(bad)).Message);
        Assert.Contains("missing.onnx", Assert.Throws<InputException>(() => new LpipsModel(Path.Combine(dir, "missing.onnx"))).Message);
        Assert.Contains("CPU build", Assert.Throws<InputException>(() => new LpipsModel(bad, "cuda")).Message);
    }
}
