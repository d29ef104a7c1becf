using System.Globalization;
using MmaGan.Models.Fetch;
using MmaGan.Models.Graph;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Dinov2;

/// <summary>
/// Builds facebookresearch/dinov2's backbone (DinoVisionTransformer in eval mode, as torch.hub's dinov2_vit*14 give it to
/// dgm-eval and torch-fidelity) as an ONNX feature network whose output is the CLS token after the final norm,
/// <c>x_norm_clstoken</c> = <c>model(x)</c>:
/// input <c>images</c> [N,3,S,S] (S = 224, already resized by the evaluator as the convention says) →
/// (x − mean)/std (ImageNet's, ×255 for torch-fidelity's 0–255 input) → patch_embed (conv p×p, stride p) →
/// [CLS; patches] + pos_embed (the trained 37×37 grid interpolated once here to (S/p)², as interpolate_pos_encoding does:
/// bicubic with scale factor (S/p + 0.1)/37, antialias off) → blocks (pre-norm LayerNorm ε 1e-6, attention with 64-wide
/// heads, layer-scale, MLP with exact GELU — SwiGLU for ViT-g) → CLS token → LayerNorm ε 1e-6 → <c>features</c> [N, D].
/// </summary>
public static class Dinov2Builder
{
    public const string InputName = "images";
    public const string OutputName = "features";
    const float LayerNormEps = 1e-6f;
    /// <summary>dinov2's interpolate_offset ("historical kludge" of facebookresearch/dino#8), 0.1 for the models without registers.</summary>
    const double InterpolateOffset = 0.1;

    static readonly double[] ImageNetMean = [0.485, 0.456, 0.406];
    static readonly double[] ImageNetStd = [0.229, 0.224, 0.225];

    /// <summary>The two preprocessing conventions DINOv2 features are published with.</summary>
    public static readonly IReadOnlyList<FeaturePreprocessing> Conventions = [FeaturePreprocessing.DgmEval, FeaturePreprocessing.TorchFidelity];

    public static FeaturePreprocessing Convention(string name) =>
        Conventions.FirstOrDefault(c => c.Convention == name)
        ?? throw new InputException($"--preprocess {name}: expected {string.Join(" or ", Conventions.Select(c => c.Convention))}");

    public static OnnxGraphBuilder Build(PthFile w, FeaturePreprocessing convention, string? arch = null)
    {
        if (!Conventions.Contains(convention)) throw new ArgumentException($"DINOv2 takes the dgm-eval or torch-fidelity convention, not {convention.Convention}");
        var a = Dinov2Architecture.Infer(w, arch);
        int d = a.EmbedDim, p = a.PatchSize, s = convention.InputSize;
        if (s % p != 0) throw new InvalidOperationException($"input size {s} is not a multiple of the patch size {p}");
        var grid = s / p;
        var tokens = 1 + grid * grid;

        var g = new ConvGraph(a.ModelName);
        var b = g.Builder;
        var input = b.AddInput(InputName, OnnxElementType.Float, "N", 3, s, s);

        // transforms.Normalize: (x − mean) / std per channel, mean and std as float32 (×255 for torch-fidelity).
        var k = convention.InputScale;
        var mean = ImageNetMean.Select(m => (float)(k * m)).ToArray();
        var std = ImageNetStd.Select(v => (float)(k * v)).ToArray();
        var x = g.Div(g.Sub(input, g.Constant("mean", mean, 1, 3, 1, 1)), g.Constant("std", std, 1, 3, 1, 1));

        // patch_embed: Conv2d(3, D, p, stride p) → flatten(2).transpose(1, 2): [N, grid², D].
        x = g.Conv(x, w, "patch_embed.proj", stride: p);
        x = g.Node("Reshape", "flatten_patches", [x, g.Constant("patch_shape", new long[] { -1, d, grid * grid }, 3)]);
        x = g.Node("Transpose", "patches_to_tokens", [x], OnnxAttribute.Ints("perm", 0, 2, 1));

        var (clsPos, patchPos) = PositionEmbedding(w, a, grid);
        x = g.Add(x, g.Constant("pos_embed.patches", patchPos, grid * grid, d));
        var cls = w.ReadFloat("cls_token");
        var clsRow = new float[d];
        for (var i = 0; i < d; i++) clsRow[i] = cls[i] + clsPos[i];
        var batch = g.Node("Slice", "batch_size", [g.Node("Shape", "input_shape", [input]), g.Constant("zero", new long[] { 0 }, 1), g.Constant("one", new long[] { 1 }, 1)]);
        var clsShape = g.Concat(0, batch, g.Constant("cls_dims", new long[] { 1, d }, 2));
        var clsTokens = g.Node("Expand", "cls_tokens", [g.Constant("cls_token+pos", clsRow, 1, 1, d), clsShape]);
        x = g.Concat(1, clsTokens, x);

        var t = new TransformerGraph(g, tokens, d);
        for (var i = 0; i < a.Depth; i++)
            x = t.Block(x, BlockWeights(w, a, i), a.Heads, a.Activation, LayerNormEps, $"blocks.{i}");

        // x_norm_clstoken = norm(x)[:, 0]; the norm is per token, so take the CLS token first.
        x = g.Node("Gather", "cls", [x, g.Constant("cls_index", new long[] { 0 })], OnnxAttribute.Int("axis", 1));
        var features = b.AddNode("LayerNormalization", [x, g.Constant("norm.weight", w.ReadFloat("norm.weight"), d), g.Constant("norm.bias", w.ReadFloat("norm.bias"), d)],
            [OutputName], "norm", OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", LayerNormEps))[0];
        b.AddOutput(features, OnnxElementType.Float, "N", d);

        b.DocString = $"DINOv2 {a.Name} backbone (facebookresearch/dinov2) built by MmaGan from {Path.GetFileName(w.Path)}. Input images [N,3,{s},{s}] " +
                      $"RGB in {convention.InputRange}, already resized ({FeaturePreprocessing.ResizeName(convention.Resize)}, the {convention.Convention} convention); " +
                      $"output features [N,{d}] = the CLS token after the final norm (x_norm_clstoken).";
        b.Metadata["model"] = a.ModelName;
        b.Metadata["feature_space"] = "dinov2";
        b.Metadata["reference"] = convention == FeaturePreprocessing.DgmEval
            ? "dgm-eval DINOv2Encoder (torch.hub facebookresearch/dinov2) with its transform"
            : "torch-fidelity 0.4 FeatureExtractorDinoV2 (torch.hub facebookresearch/dinov2)";
        b.Metadata["feature_dim"] = d.ToString(CultureInfo.InvariantCulture);
        convention.WriteTo(b.Metadata);
        b.Metadata["weights"] = Path.GetFileName(w.Path);
        b.Metadata[SourceDigests.FidWeightsKey] = SourceDigests.Sha256Of(w.Path);
        return b;
    }

    /// <summary>Reads the weights and writes the model to <paramref name="outPath"/> (atomically).</summary>
    public static void BuildFile(string weightsPath, FeaturePreprocessing convention, string outPath, string? arch = null)
    {
        using var w = PthFile.Open(weightsPath);
        w.Validate();
        Build(w, convention, arch).Save(outPath);
    }

    /// <summary>
    /// interpolate_pos_encoding for a square input of grid×grid patches: the class row as is, the M×M patch rows
    /// resized by bicubic interpolation with scale factor (grid + 0.1)/M (not the size: the output is ⌊M·scale⌋ = grid
    /// but the sampling positions follow the scale), unchanged when grid = M. Returns (class row [D], patch rows [grid², D]).
    /// </summary>
    public static (float[] Class, float[] Patches) PositionEmbedding(PthFile w, Dinov2Architecture a, int grid)
    {
        var pos = w.ReadFloat("pos_embed");
        int d = a.EmbedDim, m = a.PosGrid;
        var cls = pos[..d];
        if (grid == m) return (cls, pos[d..]);
        // [M·M, D] → [D, M, M], resize, → [grid·grid, D].
        var planes = new float[d * m * m];
        for (var tok = 0; tok < m * m; tok++)
            for (var c = 0; c < d; c++) planes[c * m * m + tok] = pos[(1 + tok) * d + c];
        var scale = (grid + InterpolateOffset) / m;
        var resized = TorchBicubicResize.Resize(planes, d, m, m, scale, scale, out var oh, out var ow);
        if (oh != grid || ow != grid) throw new InvalidOperationException($"position grid {m} → {oh}×{ow}, expected {grid}");
        var patches = new float[grid * grid * d];
        for (var tok = 0; tok < grid * grid; tok++)
            for (var c = 0; c < d; c++) patches[tok * d + c] = resized[c * grid * grid + tok];
        return (cls, patches);
    }

    static TransformerBlockWeights BlockWeights(PthFile w, Dinov2Architecture a, int i)
    {
        var p = $"blocks.{i}.";
        float[] R(string key) => w.ReadFloat(p + key);
        float[]? Gamma(string key) => w.Contains(p + key) ? w.ReadFloat(p + key) : null;
        var swiglu = a.Activation == MlpActivation.SwiGlu;
        return new TransformerBlockWeights(
            R("norm1.weight"), R("norm1.bias"), R("attn.qkv.weight"), R("attn.qkv.bias"), R("attn.proj.weight"), R("attn.proj.bias"),
            R("norm2.weight"), R("norm2.bias"),
            R(swiglu ? "mlp.w12.weight" : "mlp.fc1.weight"), R(swiglu ? "mlp.w12.bias" : "mlp.fc1.bias"),
            R(swiglu ? "mlp.w3.weight" : "mlp.fc2.weight"), R(swiglu ? "mlp.w3.bias" : "mlp.fc2.bias"),
            Gamma("ls1.gamma"), Gamma("ls2.gamma"));
    }
}
