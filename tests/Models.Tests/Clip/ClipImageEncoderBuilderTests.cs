using Microsoft.ML.OnnxRuntime;
using MmaGan.Eval.Preprocessing;
using MmaGan.Eval.Sources;
using MmaGan.Models.Clip;
using MmaGan.Models.Preprocessing;
using MmaGan.Models.Tests.Dinov2;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Models.Tests.Clip;

/// <summary>
/// CLIP's image encoder against openai/CLIP (clip/model.py at the mirrored HEAD) and clean-fid's CLIP-FID chain
/// (img_preprocess_clip → ToTensor()·255 → CLIP_fx: /255, Normalize, encode_image), Debian torch 1.13 / torchvision 0.14:
/// <list type="bullet">
/// <item><c>clip_twin_seed1_clean-fid.npy</c>: a reduced ViT-B/32 twin (224 input, patch 32, width 64, 2 layers,
/// 32-d output; <see cref="SeededData"/>, float32) on the four seeded images;</item>
/// <item><c>clip_tiny_jit.pt</c> (172 KB): a real TorchScript archive as OpenAI ships CLIP (torch.jit.trace_module of a
/// 32-px, patch-8, 1-layer CLIP whose weights were then converted to fp16 as clip.model.convert_weights does), and
/// <c>clip_tiny_jit_encode_image.npy</c>: <c>clip.load(path, device="cpu", jit=False).encode_image</c> of seeded image 0.</item>
/// </list>
/// </summary>
public class ClipImageEncoderBuilderTests
{
    static string Fixture(string name) => Path.Combine(SharedFixtures.RepoRoot, "tests", "Models.Tests", "Clip", "Fixtures", name);

    static float[][] Run(string weights, IEnumerable<(float[] Chw, int H, int W)> images)
    {
        byte[] model;
        FeaturePreprocessing convention;
        using (var w = PthFile.Open(weights))
        {
            var b = ClipImageEncoderBuilder.Build(w);
            convention = FeaturePreprocessing.FromMetadata((IReadOnlyDictionary<string, string>)b.Metadata, out _)!;
            model = b.ToBytes();
        }
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model, options);
        var pre = new ImagePreprocessor(convention);
        return [.. images.Select(im =>
        {
            var x = pre.Apply(new ImageBatch(im.Chw, 1, im.H, im.W));
            return OrtRunner.Run(session, (ClipImageEncoderBuilder.InputName, x.Data, [1, 3, x.Height, x.Width]))[ClipImageEncoderBuilder.OutputName];
        })];
    }

    [Fact]
    public void ReducedViTB32Twin_MatchesCleanFidClip()
    {
        var path = Path.Combine(SharedFixtures.TempDir("clip-twin"), "clip_twin.pth");
        PthWriter.WriteZip(path, SeededData.StateDict(1, new ClipImageEncoderBuilder.Architecture(64, 2, 1, 32, 7, 32).VisualStateDictShapes()));
        var f = Run(path, SeededData.ImageSizes.Select((s, i) => (SeededData.ImageChw01(1, i, s.H, s.W), s.H, s.W)));
        var err = Dinov2BuilderTests.MaxRelativeError(f, Npy.Read(Fixture("clip_twin_seed1_clean-fid.npy")));
        Console.WriteLine($"CLIP reduced ViT-B/32 twin (clean-fid CLIP-FID): max relative error {err:E2}");
        Assert.True(err <= 1e-4, $"relative error {err:E2}");
    }

    [Fact]
    public void TorchScriptArchive_IsReadWithoutRunningIt_AndMatchesClipLoad()
    {
        using (var w = PthFile.Open(Fixture("clip_tiny_jit.pt")))
        {
            Assert.Equal(PthFormat.TorchScript, w.Format);
            Assert.Equal(PthDtype.Float16, w["visual.conv1.weight"].Dtype);             // convert_weights' fp16
            Assert.Equal(PthDtype.Float32, w["visual.ln_pre.weight"].Dtype);            // LayerNorms stay fp32
            Assert.Equal([64L, 3, 8, 8], w["visual.conv1.weight"].Shape);
            Assert.Equal([192L, 64], w["visual.transformer.resblocks.0.attn.in_proj_weight"].Shape);
            // the fp16 values are the seeded twin's, rounded as torch rounds float32 → float16
            var expected = SeededData.Tensor(1, "visual.conv1.weight", [64, 3, 8, 8], 0, Math.Sqrt(3.0 / 192));
            Assert.Equal(expected.Select(v => (float)(Half)v), w.ReadFloat("visual.conv1.weight"));
            var a = ClipImageEncoderBuilder.Infer(w);
            Assert.Equal((64, 1, 1, 8, 4, 32), (a.Width, a.Layers, a.Heads, a.PatchSize, a.Grid, a.OutputDim));
        }
        var f = Run(Fixture("clip_tiny_jit.pt"), [(SeededData.ImageChw01(1, 0, 32, 32), 32, 32)]);
        var err = Dinov2BuilderTests.MaxRelativeError(f, Npy.Read(Fixture("clip_tiny_jit_encode_image.npy")));
        Console.WriteLine($"CLIP TorchScript twin: max relative error {err:E2}");
        Assert.True(err <= 1e-4, $"relative error {err:E2}");
    }

    [Fact]
    public void NotAClipModel_IsAnInputError()
    {
        var path = Dinov2Twin.Write("tiny", 1);
        using var w = PthFile.Open(path);
        var e = Assert.Throws<InputException>(() => ClipImageEncoderBuilder.Build(w));
        Assert.Contains("not a CLIP ViT model", e.Message);
    }
}
