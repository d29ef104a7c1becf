using System.Globalization;
using MmaGan.Models.Fetch;
using MmaGan.Models.Graph;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Clip;

/// <summary>
/// Builds openai/CLIP's image encoder <c>encode_image</c> for a ViT model (clip/model.py VisionTransformer, e.g. ViT-B/32)
/// as an ONNX feature network, with clean-fid's CLIP-FID preprocessing:
/// input <c>images</c> [N,3,S,S] in [0,1] (S = 224: resized by the evaluator with torchvision Resize(S, bicubic) +
/// CenterCrop(S), as clean-fid's img_preprocess_clip) → (x − mean)/std (CLIP's) → conv1 (patch P, no bias) →
/// [class_embedding; patches] + positional_embedding → ln_pre → resblocks (pre-norm LayerNorm ε 1e-5, 64-wide heads,
/// MLP c_fc → QuickGELU → c_proj) → ln_post(x[:, 0]) · proj → <c>features</c> [N, E] (E = 512 for ViT-B/32).
/// Weights are read from OpenAI's TorchScript archive (ViT-B-32.pt; its code is never run, fp16 values are widened to
/// float32 as <c>clip.load(…, jit=False)</c> on CPU does) or from a state dict with the same <c>visual.*</c> keys.
/// </summary>
public static class ClipImageEncoderBuilder
{
    public const string InputName = "images";
    public const string OutputName = "features";
    const float LayerNormEps = 1e-5f;
    static readonly double[] ClipMean = [0.48145466, 0.4578275, 0.40821073];
    static readonly double[] ClipStd = [0.26862954, 0.26130258, 0.27577711];

    /// <summary>The encoder's shape as clip.model.build_model reads it from the state dict.</summary>
    public sealed record Architecture(int Width, int Layers, int Heads, int PatchSize, int Grid, int OutputDim)
    {
        public int Resolution => PatchSize * Grid;
        /// <summary>"ViT-B/32" for the official size, else e.g. "ViT-w64-l2/32".</summary>
        public string Name => Width == 768 && Layers == 12 && PatchSize == 32 ? "ViT-B/32"
            : Width == 768 && Layers == 12 && PatchSize == 16 ? "ViT-B/16"
            : Width == 1024 && Layers == 24 && PatchSize == 14 ? "ViT-L/14"
            : $"ViT-w{Width}-l{Layers}/{PatchSize}";

        /// <summary>OpenAI's ViT-B/32 (clean-fid's CLIP-FID network): width 768, 12 layers, patch 32 at 224, 512-d output.</summary>
        public static readonly Architecture ViTB32 = new(768, 12, 12, 32, 7, 512);

        /// <summary>The image encoder's tensors in the model's state dict (<c>visual.*</c>), names and shapes.</summary>
        public IEnumerable<(string Name, long[] Shape)> VisualStateDictShapes()
        {
            int w = Width;
            yield return ("visual.class_embedding", [w]);
            yield return ("visual.positional_embedding", [Grid * Grid + 1, w]);
            yield return ("visual.proj", [w, OutputDim]);
            yield return ("visual.conv1.weight", [w, 3, PatchSize, PatchSize]);
            yield return ("visual.ln_pre.weight", [w]);
            yield return ("visual.ln_pre.bias", [w]);
            for (var i = 0; i < Layers; i++)
            {
                var p = $"visual.transformer.resblocks.{i}.";
                yield return (p + "attn.in_proj_weight", [3 * w, w]);
                yield return (p + "attn.in_proj_bias", [3 * w]);
                yield return (p + "attn.out_proj.weight", [w, w]);
                yield return (p + "attn.out_proj.bias", [w]);
                yield return (p + "ln_1.weight", [w]);
                yield return (p + "ln_1.bias", [w]);
                yield return (p + "mlp.c_fc.weight", [4 * w, w]);
                yield return (p + "mlp.c_fc.bias", [4 * w]);
                yield return (p + "mlp.c_proj.weight", [w, 4 * w]);
                yield return (p + "mlp.c_proj.bias", [w]);
                yield return (p + "ln_2.weight", [w]);
                yield return (p + "ln_2.bias", [w]);
            }
            yield return ("visual.ln_post.weight", [w]);
            yield return ("visual.ln_post.bias", [w]);
        }

        /// <summary>Floating-point operations of one image (2 per multiply-add; matrix products only).</summary>
        public double GflopPerImage()
        {
            double t = 1 + Grid * Grid, d = Width;
            var block = t * d * 3 * d + 2 * t * t * d + t * d * d + 2 * t * d * 4 * d;
            return 2 * (Grid * Grid * d * 3 * PatchSize * PatchSize + Layers * block + d * OutputDim) / 1e9;
        }
    }

    public static Architecture Infer(PthFile w)
    {
        foreach (var key in new[] { "visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding", "visual.proj", "visual.ln_post.weight" })
            if (!w.Contains(key))
                throw InputException.ForFile(w.Path, w.Contains("visual.attnpool.c_proj.weight")
                    ? "a CLIP ResNet (RN50 …): only the ViT image encoders are supported"
                    : $"no tensor '{key}': not a CLIP ViT model (ViT-B-32.pt)");
        var conv = w["visual.conv1.weight"].Shape;
        if (conv.Length != 4 || conv[1] != 3 || conv[2] != conv[3]) throw InputException.ForFile(w.Path, $"visual.conv1.weight has shape {w["visual.conv1.weight"].ShapeText}, expected [W, 3, P, P]");
        var width = (int)conv[0];
        var layers = 0;
        while (w.Contains($"visual.transformer.resblocks.{layers}.ln_1.weight")) layers++;
        var pos = w["visual.positional_embedding"].Shape;
        var grid = (int)Math.Round(Math.Sqrt(pos[0] - 1));
        if (pos.Length != 2 || pos[1] != width || grid * grid + 1 != pos[0])
            throw InputException.ForFile(w.Path, $"visual.positional_embedding has shape {w["visual.positional_embedding"].ShapeText}, expected [1 + G², {width}]");
        var proj = w["visual.proj"].Shape;
        if (proj.Length != 2 || proj[0] != width) throw InputException.ForFile(w.Path, $"visual.proj has shape {w["visual.proj"].ShapeText}, expected [{width}, E]");
        if (width % 64 != 0) throw InputException.ForFile(w.Path, $"a {width}-wide encoder does not split into CLIP's 64-wide heads");
        return new Architecture(width, layers, width / 64, (int)conv[2], grid, (int)proj[1]);
    }

    public static OnnxGraphBuilder Build(PthFile w)
    {
        var convention = FeaturePreprocessing.CleanFidClip;
        var a = Infer(w);
        var s = a.Resolution;
        if (s != convention.InputSize)
            convention = convention with { InputSize = s }; // a reduced test twin; the official encoders take 224
        int d = a.Width, tokens = 1 + a.Grid * a.Grid;

        var g = new ConvGraph("clip_" + a.Name.ToLowerInvariant().Replace('/', '_').Replace('-', '_'));
        var b = g.Builder;
        var input = b.AddInput(InputName, OnnxElementType.Float, "N", 3, s, s);
        var x = g.Div(g.Sub(input, g.Constant("mean", ClipMean.Select(m => (float)m).ToArray(), 1, 3, 1, 1)),
            g.Constant("std", ClipStd.Select(v => (float)v).ToArray(), 1, 3, 1, 1));
        x = g.Conv(x, w, "visual.conv1", stride: a.PatchSize, bias: false);
        x = g.Node("Reshape", "flatten_patches", [x, g.Constant("patch_shape", new long[] { -1, d, a.Grid * a.Grid }, 3)]);
        x = g.Node("Transpose", "patches_to_tokens", [x], OnnxAttribute.Ints("perm", 0, 2, 1));
        var pos = w.ReadFloat("visual.positional_embedding");
        x = g.Add(x, g.Constant("positional_embedding.patches", pos[d..], tokens - 1, d));
        var cls = w.ReadFloat("visual.class_embedding");
        var clsRow = new float[d];
        for (var i = 0; i < d; i++) clsRow[i] = cls[i] + pos[i];
        var batch = g.Node("Slice", "batch_size", [g.Node("Shape", "input_shape", [input]), g.Constant("zero", new long[] { 0 }, 1), g.Constant("one", new long[] { 1 }, 1)]);
        var clsTokens = g.Node("Expand", "class_tokens", [g.Constant("class_embedding+pos", clsRow, 1, 1, d),
            g.Concat(0, batch, g.Constant("cls_dims", new long[] { 1, d }, 2))]);
        x = g.Concat(1, clsTokens, x);

        var t = new TransformerGraph(g, tokens, d);
        x = t.LayerNorm(x, w.ReadFloat("visual.ln_pre.weight"), w.ReadFloat("visual.ln_pre.bias"), LayerNormEps, "ln_pre");
        for (var i = 0; i < a.Layers; i++)
            x = t.Block(x, BlockWeights(w, i), a.Heads, MlpActivation.QuickGelu, LayerNormEps, $"resblocks.{i}");
        x = g.Node("Gather", "class_token", [x, g.Constant("cls_index", new long[] { 0 })], OnnxAttribute.Int("axis", 1));
        x = t.LayerNorm(x, w.ReadFloat("visual.ln_post.weight"), w.ReadFloat("visual.ln_post.bias"), LayerNormEps, "ln_post");
        var features = b.AddNode("MatMul", [x, g.Constant("proj", w.ReadFloat("visual.proj"), d, a.OutputDim)], [OutputName], "proj")[0];
        b.AddOutput(features, OnnxElementType.Float, "N", a.OutputDim);

        b.DocString = $"CLIP {a.Name} image encoder (openai/CLIP encode_image) built by MmaGan from {Path.GetFileName(w.Path)}. Input images [N,3,{s},{s}] RGB in [0,1], " +
                      $"already resized (torchvision Resize({s}, bicubic) + CenterCrop({s}), clean-fid's CLIP-FID); output features [N,{a.OutputDim}].";
        b.Metadata["model"] = "clip_" + a.Name;
        b.Metadata["feature_space"] = "clip";
        b.Metadata["reference"] = "clean-fid CLIP_fx (openai/CLIP clip.load, encode_image) with img_preprocess_clip";
        b.Metadata["feature_dim"] = a.OutputDim.ToString(CultureInfo.InvariantCulture);
        convention.WriteTo(b.Metadata);
        b.Metadata["weights"] = Path.GetFileName(w.Path);
        b.Metadata[SourceDigests.FidWeightsKey] = SourceDigests.Sha256Of(w.Path);
        return b;
    }

    public static void BuildFile(string weightsPath, string outPath)
    {
        using var w = PthFile.Open(weightsPath);
        w.Validate();
        Build(w).Save(outPath);
    }

    static TransformerBlockWeights BlockWeights(PthFile w, int i)
    {
        var p = $"visual.transformer.resblocks.{i}.";
        float[] R(string key) => w.ReadFloat(p + key);
        return new TransformerBlockWeights(
            R("ln_1.weight"), R("ln_1.bias"), R("attn.in_proj_weight"), R("attn.in_proj_bias"), R("attn.out_proj.weight"), R("attn.out_proj.bias"),
            R("ln_2.weight"), R("ln_2.bias"), R("mlp.c_fc.weight"), R("mlp.c_fc.bias"), R("mlp.c_proj.weight"), R("mlp.c_proj.bias"),
            null, null);
    }
}
