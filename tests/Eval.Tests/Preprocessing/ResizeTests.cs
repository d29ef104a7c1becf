using System.Security.Cryptography;
using MmaGan.Eval.Preprocessing;
using MmaGan.Eval.Sources;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Preprocessing;

/// <summary>
/// The resizes outside the networks against the reference code on <see cref="SeededData"/>'s images (32×32, 48×64,
/// 224×224, 300×260). Fixtures (Preprocessing/Fixtures/*_rows.npy, HWC float32, rows 0, 37, 74 … and the last two):
/// clean-fid's <c>build_resizer("clean")</c> = <c>make_resizer("PIL", False, "bicubic", (299, 299))</c> on the uint8 image
/// (<c>clean_*</c>) and on a generator-like float image g = 250/255·x + 2.5 (<c>cleanfloat_*</c>); torch-fidelity 0.4.0's
/// <c>interpolate_bilinear_2d_like_tensorflow1x(·, (224, 224), align_corners=False)</c> on the uint8 image as float
/// (<c>tf1_*</c>). The 8-bit results are compared whole, by SHA-256 of the HWC bytes: dgm-eval's
/// <c>TF.Resize((224, 224), BICUBIC)</c> on the PIL image and clean-fid's <c>img_preprocess_clip</c>. Pillow 9.4,
/// torchvision 0.14, torch 1.13 (Debian).
/// </summary>
public class ResizeTests
{
    const int Seed = 1;

    static readonly string[] DgmEvalSha256 =
    [
        "57329d7d81f077c8f02648f709bcdb2e670847463ef85ed269f2c63c1b60316e", "aa124a11a94f24dbeca2013d4b3c87d6c60af29a77cd945de54c630b67bc2f34",
        "8cc16e4da5b6340d51d3dbea3bc700e9e6cc5ab6835c3a4230b4da094901c3fd", "7457310379e3a439b8e196af83136444bad0bf6ce029135b9c48e2dd283a26b1",
    ];
    static readonly string[] CleanFidClipSha256 =
    [
        "57329d7d81f077c8f02648f709bcdb2e670847463ef85ed269f2c63c1b60316e", "11e8ec42ee097a5e88d1c1b6ce6b29ce16fc6e8b06d87bd58f145aeb6880d277",
        "8cc16e4da5b6340d51d3dbea3bc700e9e6cc5ab6835c3a4230b4da094901c3fd", "956576ef9f106e217f10870204e84dd0016d7afb89529e3e6bf7a3d80c1f5d42",
    ];

    static int[] Rows(int n) => [.. Enumerable.Range(0, (n + 36) / 37).Select(i => i * 37).Concat([n - 2, n - 1]).Distinct().Order()];

    static NpyArray Fixture(string name) => Npy.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Eval.Tests", "Preprocessing", "Fixtures", name));

    static (float[] Chw, int H, int W) Image(int index)
    {
        var (h, w) = SeededData.ImageSizes[index];
        return (SeededData.ImageChw01(Seed, index, h, w), h, w);
    }

    /// <summary>The resized [3, s, s] batch's HWC bytes (values on 0…255 after <paramref name="scale"/>).</summary>
    static byte[] HwcBytes(ImageBatch b, float scale)
    {
        var plane = b.Height * b.Width;
        var bytes = new byte[3 * plane];
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++) bytes[i * 3 + c] = (byte)Math.Round(b.Data[c * plane + i] * scale);
        return bytes;
    }

    /// <summary>Largest |ours − reference| over the fixture's rows, both on 0–255.</summary>
    static double MaxRowError(float[] chw, int s, NpyArray rows, float scale)
    {
        var expected = rows.AsDouble();
        var r = Rows(s);
        Assert.Equal([r.Length, s, 3], rows.Shape.Select(x => (int)x));
        var worst = 0.0;
        for (var k = 0; k < r.Length; k++)
            for (var x = 0; x < s; x++)
                for (var c = 0; c < 3; c++)
                    worst = Math.Max(worst, Math.Abs(chw[(c * s + r[k]) * s + x] * scale - expected[(k * s + x) * 3 + c]));
        return worst;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Clean_MatchesCleanFidPerPixel(int index)
    {
        var (chw, h, w) = Image(index);
        var r = new ImagePreprocessor(FeaturePreprocessing.Clean).Apply(new ImageBatch(chw, 1, h, w));
        Assert.Equal((299, 299), (r.Height, r.Width));
        var err = MaxRowError(r.Data, 299, Fixture($"clean_{index}_rows.npy"), 1f); // the clean model takes 0–255
        Console.WriteLine($"clean resize, image {index} ({h}×{w}): max |diff| {err:E2} on 0–255");
        Assert.True(err <= 1e-4, $"max |diff| {err}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Clean_OnGeneratorFloats_MatchesCleanFid(int index)
    {
        var (chw, h, w) = Image(index);
        // g = 250/255·x + 2.5 on 0–255 (float32, as the reference computed it), handed over as g/255 in [0, 1].
        var g = chw.Select(v => (float)(v * 255f) * (float)(250.0 / 255.0) + 2.5f).ToArray();
        var direct = new float[3 * 299 * 299];
        for (var c = 0; c < 3; c++)
            PilResample.Resize(g.AsSpan(c * h * w, h * w), h, w, 299, 299).Select(v => Math.Clamp(v, 0f, 255f)).ToArray().CopyTo(direct, c * 299 * 299);
        var exact = MaxRowError(direct, 299, Fixture($"cleanfloat_{index}_rows.npy"), 1f);
        var viaSource = new ImagePreprocessor(FeaturePreprocessing.Clean).Apply(new ImageBatch([.. g.Select(v => v / 255f)], 1, h, w));
        var throughPipeline = MaxRowError(viaSource.Data, 299, Fixture($"cleanfloat_{index}_rows.npy"), 1f);
        Console.WriteLine($"clean resize of floats, image {index}: max |diff| {exact:E2} (0–255 in), {throughPipeline:E2} (via [0,1])");
        Assert.True(exact <= 1e-4 && throughPipeline <= 1e-4, $"{exact} / {throughPipeline}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Tf1Bilinear_MatchesTorchFidelity(int index)
    {
        var (chw, h, w) = Image(index);
        var r = new ImagePreprocessor(FeaturePreprocessing.TorchFidelity).Apply(new ImageBatch(chw, 1, h, w));
        var err = MaxRowError(r.Data, 224, Fixture($"tf1_{index}_rows.npy"), 1f); // torch-fidelity's model takes 0–255
        Console.WriteLine($"TF1 bilinear, image {index}: max |diff| {err:E2}");
        Assert.Equal(0, err);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EightBitResizes_AreBitExact(int index)
    {
        var (chw, h, w) = Image(index);
        var dgm = new ImagePreprocessor(FeaturePreprocessing.DgmEval).Apply(new ImageBatch(chw, 1, h, w));
        Assert.Equal(DgmEvalSha256[index], Convert.ToHexStringLower(SHA256.HashData(HwcBytes(dgm, 255f))));
        var clip = new ImagePreprocessor(FeaturePreprocessing.CleanFidClip).Apply(new ImageBatch(chw, 1, h, w));
        Assert.Equal(CleanFidClipSha256[index], Convert.ToHexStringLower(SHA256.HashData(HwcBytes(clip, 255f))));
    }

    [Fact]
    public void EightBitValues_SurviveTheFloatRoundTrip()
    {
        for (var k = 0; k < 256; k++)
        {
            Assert.Equal(k, ImagePreprocessor.Quantise(k / 255f));
            Assert.Equal(k, (float)(k / 255f) * 255f); // what clean mode resizes for an 8-bit source
        }
    }

    [Fact]
    public void InNetworkConvention_PassesTheBatchThrough()
    {
        var b = new ImageBatch(new float[3 * 4 * 5], 1, 4, 5);
        Assert.Same(b, new ImagePreprocessor(FeaturePreprocessing.LegacyPytorch).Apply(b));
    }
}
