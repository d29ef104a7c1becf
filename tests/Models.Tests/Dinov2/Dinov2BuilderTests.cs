using Microsoft.ML.OnnxRuntime;
using MmaGan.Eval.Preprocessing;
using MmaGan.Eval.Sources;
using MmaGan.Models.Dinov2;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Dinov2;

/// <summary>
/// The C#-built DINOv2 against the reference chains on <see cref="SeededData"/>'s four images (32×32 up, 48×64 non-square,
/// 224×224 identity, 300×260 down). Expected features (Dinov2/Fixtures/dinov2_&lt;twin&gt;_seed1_&lt;convention&gt;.npy):
/// facebookresearch/dinov2 at 85a2460 (DinoVisionTransformer as hub's dinov2_vit*14 builds it), loaded with the seeded
/// twin, returned by a patched torch.hub.load to dgm-eval's DINOv2Encoder (its transform on the PIL image, then
/// model(x)) and to torch-fidelity 0.4.0's FeatureExtractorDinoV2 (uint8 tensor in); Debian python3-torch 1.13,
/// torchvision 0.14, Pillow 9.4.
/// </summary>
public class Dinov2BuilderTests
{
    const int Seed = 1;

    /// <summary>Features of the four images through the convention's preprocessing and the built model.</summary>
    internal static float[][] Features(string weights, FeaturePreprocessing convention, string? arch = null)
    {
        byte[] model;
        using (var w = PthFile.Open(weights)) model = Dinov2Builder.Build(w, convention, arch).ToBytes();
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model, options);
        var pre = new ImagePreprocessor(convention);
        return [.. SeededData.ImageSizes.Select((size, i) =>
        {
            var x = pre.Apply(new ImageBatch(SeededData.ImageChw01(Seed, i, size.H, size.W), 1, size.H, size.W));
            return OrtRunner.Run(session, (Dinov2Builder.InputName, x.Data, [1, 3, x.Height, x.Width]))[Dinov2Builder.OutputName];
        })];
    }

    /// <summary>Largest per-image relative L2 error ‖f − f_ref‖/‖f_ref‖.</summary>
    internal static double MaxRelativeError(float[][] actual, NpyArray expected)
    {
        var e = expected.AsDouble();
        var d = (int)expected.Shape[1];
        Assert.Equal(actual.Length, (int)expected.Shape[0]);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(d, actual[i].Length);
            double num = 0, den = 0;
            for (var j = 0; j < d; j++) { num += Math.Pow(actual[i][j] - e[i * d + j], 2); den += e[i * d + j] * e[i * d + j]; }
            worst = Math.Max(worst, Math.Sqrt(num / den));
        }
        return worst;
    }

    static NpyArray Expected(string twin, string convention) =>
        Npy.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Models.Tests", "Dinov2", "Fixtures", $"dinov2_{twin}_seed{Seed}_{convention}.npy"));

    /// <summary>64-wide, 2 blocks, one head: "tiny" with the GELU MLP of ViT-S/B/L, "tinyg" with ViT-g's SwiGLU.</summary>
    [Theory]
    [InlineData("tiny", "dgm-eval")]
    [InlineData("tiny", "torch-fidelity")]
    [InlineData("tinyg", "dgm-eval")]
    public void ReducedTwin_MatchesTheReference(string twin, string convention)
    {
        var f = Features(Dinov2Twin.Write(twin, Seed), Dinov2Builder.Convention(convention));
        var err = MaxRelativeError(f, Expected(twin, convention));
        Console.WriteLine($"DINOv2 reduced twin {twin} ({convention}): max relative error {err:E2}");
        Assert.True(err <= 1e-4, $"relative error {err:E2}");
    }

    /// <summary>The official sizes (ViT-S/14: 22 M parameters, ViT-B/14: 86 M; 0.1–0.35 GB of weights written and built
    /// here), so not in every <c>make test</c>: run with <c>MMAGAN_FULL_TWINS=1</c> (docs/feature-spaces.md).</summary>
    [FullTwinTheory]
    [InlineData("vits14", "dgm-eval")]
    [InlineData("vits14", "torch-fidelity")]
    [InlineData("vitb14", "dgm-eval")]
    [InlineData("vitb14", "torch-fidelity")]
    public void OfficialSizeTwin_MatchesTheReference(string twin, string convention)
    {
        var f = Features(Dinov2Twin.Write(twin, Seed), Dinov2Builder.Convention(convention), twin);
        var err = MaxRelativeError(f, Expected(twin, convention));
        Console.WriteLine($"DINOv2 {twin} twin ({convention}): max relative error {err:E2}");
        Assert.True(err <= 1e-4, $"relative error {err:E2}");
    }

    [Fact]
    public void Architecture_IsReadFromTheStateDict_AndArchMustAgree()
    {
        var path = Dinov2Twin.Write("tiny", Seed);
        using var w = PthFile.Open(path);
        var a = Dinov2Architecture.Infer(w);
        Assert.Equal((64, 2, 1, 14, 37, 256), (a.EmbedDim, a.Depth, a.Heads, a.PatchSize, a.PosGrid, a.MlpHidden));
        var e = Assert.Throws<InputException>(() => Dinov2Architecture.Infer(w, "vits14"));
        Assert.Contains("not --arch vits14", e.Message);
    }

    [Fact]
    public void Metadata_RecordsTheConvention()
    {
        using var w = PthFile.Open(Dinov2Twin.Write("tiny", Seed));
        var b = Dinov2Builder.Build(w, FeaturePreprocessing.TorchFidelity);
        Assert.Equal("torch-fidelity", b.Metadata["preprocess"]);
        Assert.Equal("tf1-bilinear", b.Metadata["resize"]);
        Assert.Equal("[0,255]", b.Metadata["input_range"]);
        Assert.Equal("224", b.Metadata["input_size"]);
        Assert.Equal(FeaturePreprocessing.TorchFidelity, FeaturePreprocessing.FromMetadata((IReadOnlyDictionary<string, string>)b.Metadata, out _));
    }
}
