using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Onnx;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void GemmRelu_MatchesHandComputedValues_WithDynamicBatch()
    {
        var g = new OnnxGraphBuilder("gemm_relu");
        var x = g.AddInput("x", OnnxElementType.Float, OnnxDim.Symbolic("N"), 3);
        var w = g.AddInitializer("w", [1f, 2f, 3f, -1f, -2f, -3f], 2, 3);
        var b = g.AddInitializer("b", [0.5f, 10f], 2);
        var y = g.AddNode("Gemm", [x, w, b], 1, null, OnnxAttribute.Int("transB", 1))[0];
        var r = g.AddNode("Relu", [y], ["y"])[0];
        g.AddOutput(r, OnnxElementType.Float, "N", 2);

        using var session = OrtTestRunner.Load(g.ToBytes());
        Assert.Equal([-1, 3], session.InputMetadata["x"].Dimensions);
        Assert.Equal("N", session.InputMetadata["x"].SymbolicDimensions[0]);
        var (data, shape) = OrtTestRunner.Run(session, "x", [1f, 1f, 1f, 2f, 0f, -1f], 2, 3);
        Assert.Equal([2L, 2], shape);
        // row 0: [6.5, max(0, -6+10)=4]; row 1: [2-3+0.5=-0.5 -> 0, -2+3+10=11]
        Assert.Equal([6.5f, 4f, 0f, 11f], data);
    }

    /// <summary>Weights above the threshold go to NAME.onnx.data (ONNX external data), which ONNX Runtime reads beside the model.</summary>
    [Fact]
    public void ExternalData_IsWrittenBesideTheModel_AndGivesTheSameOutputs()
    {
        var g = new OnnxGraphBuilder("gemm_external");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 3);
        // w: 300 × 3 weights (3,600 bytes: external), b: 300 (1,200 bytes: external), shape constants stay inside
        var wData = Enumerable.Range(0, 900).Select(i => (float)(i % 7 - 3)).ToArray();
        var w = g.AddInitializer("w", wData, 300, 3);
        var b = g.AddInitializer("b", Enumerable.Range(0, 300).Select(i => 0.5f * i).ToArray(), 300);
        var y = g.AddNode("Gemm", [x, w, b], 1, null, OnnxAttribute.Int("transB", 1))[0];
        var shape = g.AddInitializer("shape", new long[] { -1, 300 }, 2);
        g.AddNode("Reshape", [y, shape], ["y"]);
        g.AddOutput("y", OnnxElementType.Float, "N", 300);
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "m.onnx");
        var expected = OrtTestRunner.Run(OrtTestRunner.Load(g.ToBytes()), "x", [1f, 1f, 1f], 1, 3).Data;
        g.Save(path, externalAbove: 0);
        Assert.True(File.Exists(OnnxGraphBuilder.ExternalDataPath(path)));
        Assert.Equal(4096 + 1200, new FileInfo(OnnxGraphBuilder.ExternalDataPath(path)).Length); // w at 0, b at the next 4096 boundary
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        var (data, _) = OrtTestRunner.Run(session, "x", [1f, 1f, 1f], 1, 3);
        Assert.Equal(expected, data);
        g.Save(path); // small enough to hold its weights: the stale data file goes
        Assert.False(File.Exists(OnnxGraphBuilder.ExternalDataPath(path)));
    }

    [Fact]
    public void Conv_WithStridePaddingAndBias_MatchesHandComputedValues()
    {
        var g = new OnnxGraphBuilder("conv");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 1, 3, 3);
        var w = g.AddInitializer("w", [1f, 0f, 0f, 1f], 1, 1, 2, 2);
        var b = g.AddInitializer("b", [100f], 1);
        var y = g.AddNode("Conv", [x, w, b], 1, "conv0",
            OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 1, 1), OnnxAttribute.Ints("pads", 0, 0, 0, 0))[0];
        g.AddOutput(y, OnnxElementType.Float, "N", 1, 2, 2);

        using var session = OrtTestRunner.Load(g.ToBytes());
        var (data, shape) = OrtTestRunner.Run(session, "x", [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 1, 3, 3);
        Assert.Equal([1L, 1, 2, 2], shape);
        // out[i,j] = x[i,j] + x[i+1,j+1] + 100
        Assert.Equal([106f, 108f, 112f, 114f], data);
    }

    [Fact]
    public void ConvTranspose_StrideTwo_MatchesHandComputedValues()
    {
        var g = new OnnxGraphBuilder("convT");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 1, 1, 2);
        var w = g.AddInitializer("w", [1f, 10f], 1, 1, 1, 2);
        var y = g.AddNode("ConvTranspose", [x, w], 1, null,
            OnnxAttribute.Ints("kernel_shape", 1, 2), OnnxAttribute.Ints("strides", 1, 2))[0];
        g.AddOutput(y, OnnxElementType.Float, "N", 1, 1, 4);

        using var session = OrtTestRunner.Load(g.ToBytes());
        var (data, _) = OrtTestRunner.Run(session, "x", [2f, 3f], 1, 1, 1, 2);
        Assert.Equal([2f, 20f, 3f, 30f], data);
    }

    [Fact]
    public void Reshape_WithZeroAndMinusOne_KeepsBatchAndFlattens()
    {
        var g = new OnnxGraphBuilder("reshape");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 2, 3);
        var s = g.AddInitializer("shape", [0L, -1L, 1L, 1L], 4);
        var y = g.AddNode("Reshape", [x, s])[0];
        var t = g.AddNode("Tanh", [y])[0];
        g.AddOutput(t, OnnxElementType.Float, "N", 6, 1, 1);

        using var session = OrtTestRunner.Load(g.ToBytes());
        float[] input = [0f, 0.5f, -0.5f, 1f, -1f, 2f, 0f, 0f, 0f, 0f, 0f, 3f];
        var (data, shape) = OrtTestRunner.Run(session, "x", input, 2, 2, 3);
        Assert.Equal([2L, 6, 1, 1], shape);
        for (var i = 0; i < input.Length; i++) Assert.Equal(MathF.Tanh(input[i]), data[i], 6);
    }

    [Fact]
    public void LeakyReluAttributesAndFloatsWork()
    {
        var g = new OnnxGraphBuilder("leaky");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 2);
        var y = g.AddNode("LeakyRelu", [x], 1, null, OnnxAttribute.Float("alpha", 0.2f))[0];
        g.AddOutput(y, OnnxElementType.Float, "N", 2);
        using var session = OrtTestRunner.Load(g.ToBytes());
        var (data, _) = OrtTestRunner.Run(session, "x", [-1f, 3f], 1, 2);
        Assert.Equal([-0.2f, 3f], data);
    }

    [Fact]
    public void MetadataAndDocString_RoundTripThroughOnnxRuntime()
    {
        var g = new OnnxGraphBuilder("meta") { DocString = "z ~ N(0, I)" };
        var x = g.AddInput("x", OnnxElementType.Float, "N", 2);
        g.AddOutput(g.AddNode("Relu", [x])[0], OnnxElementType.Float, "N", 2);
        g.Metadata["method"] = "mma";
        g.Metadata["lambda"] = "0.5";
        g.Metadata["unicode"] = "λ τ";

        var path = Path.Combine(SharedFixtures.TempDir(), "m.onnx");
        g.Save(path);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        var meta = session.ModelMetadata;
        Assert.Equal("mma", meta.CustomMetadataMap["method"]);
        Assert.Equal("0.5", meta.CustomMetadataMap["lambda"]);
        Assert.Equal("λ τ", meta.CustomMetadataMap["unicode"]);
        Assert.Equal("z ~ N(0, I)", meta.Description);
        Assert.Equal("meta", meta.GraphName);
        Assert.Equal("MmaGan", meta.ProducerName);
    }

    [Fact]
    public void UndefinedInputAndDuplicateNamesAreRejected()
    {
        var g = new OnnxGraphBuilder("bad");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 2);
        Assert.Throws<ArgumentException>(() => g.AddNode("Relu", ["nope"]));
        Assert.Throws<ArgumentException>(() => g.AddInitializer("x", [1f], 1));
        Assert.Throws<ArgumentException>(() => g.AddInitializer("w", [1f, 2f], 3));
        var a = g.AddNode("Relu", [x])[0];
        var b = g.AddNode("Relu", [x])[0];
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentException>(() => g.AddOutput("nope", OnnxElementType.Float));
    }

    [Fact]
    public void UniqueName_AvoidsValueAndNodeNames()
    {
        var g = new OnnxGraphBuilder("names");
        var x = g.AddInput("x", OnnxElementType.Float, "N", 2);
        g.AddNode("Relu", [x], ["y"], "act");
        Assert.Equal("x_1", g.UniqueName("x"));
        Assert.Equal("act_1", g.UniqueName("act"));
        Assert.Equal("free", g.UniqueName("free"));
        var name = g.UniqueName("act");
        Assert.Equal(name, g.AddNode("Relu", ["y"], 1, name)[0]);
    }

    /// <summary>
    /// Every kind of element the builder writes — symbolic and fixed dims, an input without a shape, float and int64
    /// initializers (also a scalar), all five attribute kinds including zero values, several outputs, doc string,
    /// metadata — serialized to exactly the bytes the hand-numbered writer produced before the message classes were
    /// generated from onnx.proto (its SHA-256 recorded then). Field order, wire types and unpacked repeated scalars
    /// (onnx.proto is proto2) must all agree for this to hold.
    /// </summary>
    [Fact]
    public void SerializedBytesAreStable()
    {
        var g = new OnnxGraphBuilder("every_element") { DocString = "doc λ", OpsetVersion = 17 };
        var x = g.AddInput("x", OnnxElementType.Float, "N", 3);
        var shapeless = g.AddInput("s", OnnxElementType.Int64);
        var w = g.AddInitializer("w", [1f, -2.5f, 0f, 3f, 1e-8f, -0f], 2, 3);
        var scalar = g.AddInitializer("k", [7f]);
        var axes = g.AddInitializer("axes", [0L, -1L, long.MaxValue], 3);
        var y = g.AddNode("Gemm", [x, w], 1, null, OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 0f),
            OnnxAttribute.Int("zero", 0))[0];
        var z = g.AddNode("Custom", [y, "", scalar, axes, shapeless], 2, "custom", OnnxAttribute.String("mode", "half_pixel"),
            OnnxAttribute.String("empty", ""), OnnxAttribute.Floats("scales", 1f, 0.5f, 0f), OnnxAttribute.Ints("pads", 0, 1, -1, 0),
            OnnxAttribute.Ints("none"));
        g.AddOutput(z[0], OnnxElementType.Float, "N", 2);
        g.AddOutput(z[1], OnnxElementType.Int64);
        g.AddOutput(y, OnnxElementType.Float, OnnxDim.Symbolic("batch"), 0);
        g.Metadata["output_range"] = "[-1,1]";
        g.Metadata["empty"] = "";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(g.ToBytes()));
        Assert.Equal("61ca4b9e43c87068a24f09d751c3c1076b98d608cbc745a414331f9345329474", hash);
    }
}
