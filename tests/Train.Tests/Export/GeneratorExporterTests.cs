using Microsoft.ML.OnnxRuntime;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using MmaGan.Train.Export;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MmaGan.Train.Tests.Export;

/// <summary>One exported conv and toy generator shared by the batch-size parity tests.</summary>
public sealed class ExportedPair
{
    public TorchSharp.torch.nn.Module<Tensor, Tensor> Conv { get; } = TestGenerators.Conv(16, 32, 3, 8, seed: 2);
    public TorchSharp.torch.nn.Module<Tensor, Tensor> Toy { get; } = TestGenerators.Toy(seed: 2);
    public string ConvPath { get; } = Path.Combine(SharedFixtures.TempDir("mmagan-export"), "conv.onnx");
    public string ToyPath { get; } = Path.Combine(SharedFixtures.TempDir("mmagan-export"), "toy.onnx");

    public ExportedPair()
    {
        GeneratorExporter.Export(Conv, GeneratorExporterTests.ConvInfo(32), ConvPath);
        GeneratorExporter.Export(Toy, GeneratorExporterTests.ToyInfo(), ToyPath);
    }
}

public class GeneratorExporterTests(ExportedPair exported) : IClassFixture<ExportedPair>
{
    internal static GeneratorExportInfo ConvInfo(int size, int latent = 16) =>
        new("mma", 4, 0.5, 0.1, "cifar10", size, latent, "standard_normal", "[-1,1]", 1234, 7, [3, size, size]);

    internal static GeneratorExportInfo ToyInfo() =>
        new("gan", 1, 0, 0, "ring8", 0, 100, "standard_normal", "[-4,4]", 50, 3, [2]);

    static string TempOnnx() => Path.Combine(SharedFixtures.TempDir("mmagan-export"), "generator.onnx");

    [Theory]
    [InlineData(32, 8)]
    [InlineData(64, 4)]
    [InlineData(128, 2)]
    [InlineData(256, 1)]
    public void ConvGenerator_ExportsWithParity(int size, int baseWidth)
    {
        manual_seed(size);
        var g = MmaGan.Train.Networks.GeneratorFactory.Create(new MmaGan.Train.Networks.NetworkSpec("conv", 16, size, 3, 1, baseWidth));
        MmaGan.Train.Networks.WeightInit.Dcgan(g);
        TestGenerators.WarmUp(g, 16);
        var path = TempOnnx();
        var diff = GeneratorExporter.Export(g, ConvInfo(size), path);
        Assert.True(diff <= 1e-4, $"diff {diff}");
        using var onnx = OnnxGenerator.Open(path);
        Assert.Equal([3, size, size], onnx.SampleShape);
        Assert.Equal([-1, 16], onnx.InputShape);
        Assert.Equal("images", onnx.OutputName);
    }

    [Fact]
    public void ToyGenerator_ExportsWithParity()
    {
        var path = TempOnnx();
        var g = MmaGan.Train.Networks.GeneratorFactory.Create(new MmaGan.Train.Networks.NetworkSpec("toy", 100, 0, 0, 1));
        var diff = GeneratorExporter.Export(g, ToyInfo(), path);
        Assert.True(diff <= 1e-4, $"diff {diff}");
        using var onnx = OnnxGenerator.Open(path);
        Assert.Equal("samples", onnx.OutputName);
        Assert.Equal([2], onnx.SampleShape);
        Assert.Equal((-4f, 4f), onnx.OutputRange);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Parity_HoldsForBatchSizes(int batch)
    {
        Assert.True(GeneratorExporter.ParityCheck(exported.Conv, ConvInfo(32), exported.ConvPath, batch) <= 1e-4);
        Assert.True(GeneratorExporter.ParityCheck(exported.Toy, ToyInfo(), exported.ToyPath, batch) <= 1e-4);
    }

    [Fact]
    public void ExportedFile_PassesStrictShapeInference_AndMetadataRoundTrips()
    {
        var path = TempOnnx();
        GeneratorExporter.Export(TestGenerators.Conv(16, 32, 3, 4), ConvInfo(32), path);
        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.strict_shape_type_inference", "1");
        using var session = new InferenceSession(path, options);
        Assert.Equal("N", session.InputMetadata["z"].SymbolicDimensions[0]);
        Assert.Equal([-1, 3, 32, 32], session.OutputMetadata["images"].Dimensions);
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("mma", meta["method"]);
        Assert.Equal("4", meta["k"]);
        Assert.Equal("0.5", meta["lambda"]);
        Assert.Equal("0.1", meta["tau"]);
        Assert.Equal("cifar10", meta["dataset"]);
        Assert.Equal("32", meta["image_size"]);
        Assert.Equal("16", meta["latent_size"]);
        Assert.Equal("standard_normal", meta["latent_distribution"]);
        Assert.Equal("[-1,1]", meta["output_range"]);
        Assert.Equal("1234", meta["step"]);
        Assert.Equal("7", meta["seed"]);
        Assert.Contains("N(0, I)", session.ModelMetadata.Description);
    }

    [Fact]
    public void ABaselinesTau_IsWrittenEmpty()
    {
        var baseline = new MmaGan.Train.Config.TrainConfig { Method = MmaGan.Train.Config.GanMethod.Dcgan, K = 16, Lambda = 1, Tau = 0.7 };
        Assert.Equal((1, 0.0, (double?)null), (baseline.Heads, baseline.EffectiveLambda, baseline.EffectiveTau));
        var path = TempOnnx();
        GeneratorExporter.Export(TestGenerators.Conv(16, 32, 3, 4), ConvInfo(32) with { Method = "dcgan", K = 1, Lambda = 0, Tau = baseline.EffectiveTau }, path);
        using var session = new InferenceSession(path);
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(("dcgan", "1", "0", ""), (meta["method"], meta["k"], meta["lambda"], meta["tau"]));
    }

    [Fact]
    public void TrainModeIsRestored_AndEvalModeIsKept()
    {
        var g = TestGenerators.Toy();
        g.train();
        GeneratorExporter.Export(g, ToyInfo(), TempOnnx());
        Assert.True(g.training);
        g.eval();
        GeneratorExporter.Export(g, ToyInfo(), TempOnnx());
        Assert.False(g.training);
    }

    [Fact]
    public void UnknownModule_FailsWithItsTypeName_AndWritesNothing()
    {
        var g = Sequential(Linear(100, 8), GELU(), Linear(8, 2));
        var path = TempOnnx();
        var e = Assert.Throws<InputException>(() => GeneratorExporter.Export(g, ToyInfo(), path));
        Assert.Contains("GELU", e.Message);
        Assert.Contains("layer 1", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ParityFailure_LeavesNoFileBehind()
    {
        var path = TempOnnx();
        // The model of one generator checked against another: parity must fail.
        var wrong = GeneratorExporter.BuildModel(TestGenerators.Toy(seed: 5), ToyInfo());
        var e = Assert.Throws<GeneratorExportException>(() => GeneratorExporter.WriteVerified(TestGenerators.Toy(seed: 6), ToyInfo(), path, wrong));
        Assert.Contains("parity", e.Message);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void WrongSampleShape_IsRejected()
    {
        var info = ToyInfo() with { SampleShape = [3, 32, 32] };
        Assert.Throws<InputException>(() => GeneratorExporter.BuildModel(TestGenerators.Toy(), info));
    }

    [Fact]
    public void OtherSupportedLayers_ExportWithParity()
    {
        manual_seed(3);
        var bn1 = BatchNorm1d(32);
        var g = Sequential(
            Linear(10, 32), bn1, LeakyReLU(0.2), Dropout(0.3),
            Unflatten(1, [2, 4, 4]),
            Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest),
            Conv2d(2, 3, 3, 1, 1),
            Conv2d(3, 3, 3, TorchSharp.Padding.Same),
            Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Bilinear, align_corners: false),
            Conv2d(3, 4, 3, 2, 0),
            Flatten(), Sigmoid(), Identity());
        g.train();
        using (no_grad()) g.call(randn(16, 10));
        var info = new GeneratorExportInfo("gan", 1, 0, null, "x", 0, 10, "standard_normal", "[0,1]", 0, 0, [4 * 7 * 7]);
        var diff = GeneratorExporter.Export(g, info, TempOnnx());
        Assert.True(diff <= 1e-4, $"diff {diff}");
    }

    [Fact]
    public void BatchNormFolding_RemovesNodes_AndBothVariantsKeepParity()
    {
        var g = TestGenerators.Conv(16, 32, 3, 8, seed: 4);
        var folded = GeneratorExporter.BuildGraph(g, ConvInfo(32), foldBatchNorm: true);
        var unfolded = GeneratorExporter.BuildGraph(g, ConvInfo(32), foldBatchNorm: false);
        Assert.Equal(unfolded.NodeCount - 3, folded.NodeCount); // three BatchNorm2d at 32 pixels
        foreach (var fold in new[] { true, false })
        {
            var path = TempOnnx();
            GeneratorExporter.WriteVerified(g, ConvInfo(32), path, GeneratorExporter.BuildModel(g, ConvInfo(32), fold));
            Assert.True(GeneratorExporter.ParityCheck(g, ConvInfo(32), path, 7) <= 1e-4);
        }

        // Linear → BatchNorm1d (→ last layer) folds too, and the folded layer carries the output name.
        manual_seed(9);
        var mlp = Sequential(Linear(100, 32), BatchNorm1d(32), ReLU(), Linear(32, 2), BatchNorm1d(2));
        mlp.train();
        using (no_grad()) mlp.call(randn(32, 100) * 3);
        var mlpGraph = GeneratorExporter.BuildGraph(mlp, ToyInfo());
        Assert.Equal(3, mlpGraph.NodeCount);
        Assert.True(GeneratorExporter.Export(mlp, ToyInfo(), TempOnnx()) <= 1e-4);
    }
}
