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
