using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Onnx;

public class OnnxGeneratorTests
{
    [SharedFact]
    public void ThirdPartyDcgan_ReproducesReferenceOutput()
    {
        using var g = OnnxGenerator.Open(SharedFixtures.Reference("generator_dcgan_thirdparty.onnx"));
        Assert.Equal(100, g.LatentSize);
        Assert.Equal([-1, 100, 1, 1], g.InputShape[0] < 0 ? g.InputShape : [-1, .. g.InputShape[1..]]);
        Assert.Equal([3, 32, 32], g.SampleShape);
        Assert.Equal((-1f, 1f), g.OutputRange);

        var zArray = Npy.Read(SharedFixtures.Reference("generator_z.npy"));
        var z = zArray.AsFloat();
        var expected = Npy.Read(SharedFixtures.Reference("generator_expected.npy")).AsFloat();
        var n = (int)zArray.Shape[0];
        var actual = g.Run(z, n);
        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxDiff <= 1e-5, $"max abs diff {maxDiff}");

        // Batch independence: one at a time gives the same result.
        var one = g.Run(z[100..200], 1);
        Assert.True(one.Zip(actual[3072..6144], (a, b) => Math.Abs(a - b)).Max() <= 1e-5);
    }

    [Fact]
    public void OurGeneratorShape_ReadsMetadataAndRange()
    {
        var b = new OnnxGraphBuilder("toy");
        var z = b.AddInput("z", OnnxElementType.Float, "N", 4);
        var w = b.AddInitializer("w", Enumerable.Range(0, 8).Select(i => i * 0.1f).ToArray(), 2, 4);
        b.AddOutput(b.AddNode("Gemm", [z, w], ["samples"], null, OnnxAttribute.Int("transB", 1))[0], OnnxElementType.Float, "N", 2);
        b.Metadata["output_range"] = "[-4, 4]";
        b.Metadata["method"] = "gan";
        var path = Path.Combine(SharedFixtures.TempDir(), "toy.onnx");
        b.Save(path);

        using var g = OnnxGenerator.Open(path, threads: 1);
        Assert.Equal(4, g.LatentSize);
        Assert.Equal([2], g.SampleShape);
        Assert.Equal((-4f, 4f), g.OutputRange);
        Assert.Equal("gan", g.Metadata["method"]);
        var y = g.Run([1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], 2);
        Assert.Equal([0f, 0.4f, 0.3f, 0.7f], y.Select(v => MathF.Round(v, 5)));
        Assert.Throws<ArgumentException>(() => g.Run([1f], 1));
    }

    [Fact]
    public void MissingOrCorruptFile_IsInputException()
    {
        var dir = SharedFixtures.TempDir();
        var missing = Path.Combine(dir, "missing.onnx");
        Assert.Contains("missing.onnx", Assert.Throws<InputException>(() => OnnxGenerator.Open(missing)).Message);
        var corrupt = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5]);
        Assert.Contains("corrupt.onnx", Assert.Throws<InputException>(() => OnnxGenerator.Open(corrupt)).Message);
    }

    [Fact]
    public void TwoInputs_IsInputException()
    {
        var b = new OnnxGraphBuilder("two");
        var x = b.AddInput("x", OnnxElementType.Float, "N", 2);
        var y = b.AddInput("y", OnnxElementType.Float, "N", 2);
        b.AddOutput(b.AddNode("Add", [x, y])[0], OnnxElementType.Float, "N", 2);
        var path = Path.Combine(SharedFixtures.TempDir(), "two.onnx");
        b.Save(path);
        Assert.Contains("exactly one input", Assert.Throws<InputException>(() => OnnxGenerator.Open(path)).Message);
    }
}
