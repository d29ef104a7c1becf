using MmaGan.Models.Fetch;
using MmaGan.Models.Graph;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Inception;

/// <summary>
/// Builds pytorch-fid's FID Inception-v3 (pytorch_fid/inception.py: fid_inception_v3 with FIDInceptionA/C/E_1/E_2,
/// the TF-ported "pt_inception-2015-12-05" weights) as an ONNX graph:
/// input <c>images</c> [N,3,H,W] in [0,1] → bilinear resize to 299×299 (align_corners=False ≡ ONNX half_pixel) →
/// 2x − 1 → Inception blocks → global average pool → <c>pool3</c> [N,2048];
/// <c>logits_unbiased</c> = pool3 · fc.weightᵀ [N,1008]; <c>logits</c> = logits_unbiased + fc.bias; and pytorch-fid's
/// earlier feature blocks for <c>--dims</c> 64/192/768 as <c>pool64</c>, <c>pool192</c>, <c>pool768</c> (spatial means).
/// Every BasicConv2d (conv without bias → BatchNorm(ε = 0.001) → ReLU) is folded into one Conv with bias
/// (see <see cref="BatchNormFolding"/>). Average pools in FIDInceptionA/C/E_1 exclude padding
/// (count_include_pad=False); FIDInceptionE_2 (Mixed_7c) pools with a 3×3 max pool. Batch, height and width are dynamic.
/// With clean-fid's <c>clean</c> convention (<see cref="FeaturePreprocessing.Clean"/>) the resize is not in the network: the
/// input is [N,3,299,299] on 0–255, already resized by the evaluator (PIL bicubic on floats, clipped), and scaled as
/// clean-fid's InceptionV3W does, (x − 128)/128, instead of 2x − 1.
/// </summary>
public static class FidInceptionBuilder
{
    public const int InputSize = 299;
    const double BnEps = 0.001;
    public const string InputName = "images";

    /// <param name="w">The weights (pytorch-fid's state dict keys).</param>
    /// <param name="mergePointwise">Run the 1×1 BasicConv2d branches that read the same input as one convolution
    /// (output channels concatenated, then split) — the same arithmetic per channel, fewer passes over the input.
    /// Off (the default) gives one Conv per BasicConv2d, the graph torch.onnx.export produces; merging measured no faster
    /// in ONNX Runtime on CPU (the Split copies cost what the shared pass saves).</param>
    /// <param name="convention">legacy-pytorch (the default: bilinear resize inside, input [0,1]) or clean.</param>
    public static OnnxGraphBuilder Build(PthFile w, bool mergePointwise = false, FeaturePreprocessing? convention = null)
    {
        convention ??= FeaturePreprocessing.LegacyPytorch;
        if (convention != FeaturePreprocessing.LegacyPytorch && convention != FeaturePreprocessing.Clean)
            throw new ArgumentException($"the FID Inception takes the legacy-pytorch or clean convention, not {convention.Convention}");
        var clean = convention == FeaturePreprocessing.Clean;
        foreach (var key in new[] { "Conv2d_1a_3x3.conv.weight", "Mixed_7c.branch_pool.conv.weight", "fc.weight", "fc.bias" })
            if (!w.Contains(key)) throw InputException.ForFile(w.Path, $"no tensor '{key}': not the FID Inception-v3 weights (pt_inception-2015-12-05-6726825d.pth)");
        if (!w["fc.weight"].Shape.SequenceEqual([1008, 2048]))
            throw InputException.ForFile(w.Path, $"fc.weight has shape {w["fc.weight"].ShapeText}, expected [1008, 2048]");

        var g = new ConvGraph("fid_inception_v3");
        var b = g.Builder;
        string x;
        if (clean)
        {
            // clean-fid InceptionV3W.forward without resize_inside: x1 = x − 128; x2 = x1 / 128.
            var input = b.AddInput(InputName, OnnxElementType.Float, "N", 3, InputSize, InputSize);
            x = g.Div(g.Sub(input, g.Constant("c128", [128f])), g.Constant("d128", [128f]));
        }
        else
        {
            var input = b.AddInput(InputName, OnnxElementType.Float, "N", 3, "H", "W");
            // Resize to 299×299: sizes = [N, C, 299, 299] from the input's shape.
            var shape = g.Node("Shape", "input_shape", [input]);
            var nc = g.Node("Slice", "input_nc", [shape, g.Constant("zero", new long[] { 0 }, 1), g.Constant("two", new long[] { 2 }, 1)]);
            var sizes = g.Concat(0, nc, g.Constant("hw299", new long[] { InputSize, InputSize }, 2));
            x = g.Node("Resize", "resize299", [input, "", "", sizes],
                OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"));
            x = g.Sub(g.Mul(x, g.Constant("two_f", [2f])), g.Constant("one_f", [1f]));
        }

        // block0, block1
        x = Basic(g, w, x, "Conv2d_1a_3x3", stride: 2, same: false);
        x = Basic(g, w, x, "Conv2d_2a_3x3", same: false);
        x = Basic(g, w, x, "Conv2d_2b_3x3");
        x = g.MaxPool(x, 3, 2);
        var pool64 = SpatialMean(g, x, "pool64");
        x = Basic(g, w, x, "Conv2d_3b_1x1");
        x = Basic(g, w, x, "Conv2d_4a_3x3", same: false);
        x = g.MaxPool(x, 3, 2);
        var pool192 = SpatialMean(g, x, "pool192");
        // block2
        x = InceptionA(g, w, x, mergePointwise, "Mixed_5b");
        x = InceptionA(g, w, x, mergePointwise, "Mixed_5c");
        x = InceptionA(g, w, x, mergePointwise, "Mixed_5d");
        x = InceptionB(g, w, x, "Mixed_6a");
        x = InceptionC(g, w, x, mergePointwise, "Mixed_6b");
        x = InceptionC(g, w, x, mergePointwise, "Mixed_6c");
        x = InceptionC(g, w, x, mergePointwise, "Mixed_6d");
        x = InceptionC(g, w, x, mergePointwise, "Mixed_6e");
        var pool768 = SpatialMean(g, x, "pool768");
        // block3
        x = InceptionD(g, w, x, mergePointwise, "Mixed_7a");
        x = InceptionE(g, w, x, mergePointwise, "Mixed_7b", maxPool: false);
        x = InceptionE(g, w, x, mergePointwise, "Mixed_7c", maxPool: true);
        x = g.Node("GlobalAveragePool", "adaptive_avg_pool", [x]);
        var pool3 = b.AddNode("Flatten", [x], ["pool3"], "pool3", OnnxAttribute.Int("axis", 1))[0];

        var fcWeight = w.ReadFloat("fc.weight");
        var fcT = new float[fcWeight.Length];
        for (var o = 0; o < 1008; o++)
            for (var i = 0; i < 2048; i++) fcT[i * 1008 + o] = fcWeight[o * 2048 + i];
        var unbiased = b.AddNode("MatMul", [pool3, g.Constant("fc.weight_t", fcT, 2048, 1008)], ["logits_unbiased"], "fc_matmul")[0];
        var logits = b.AddNode("Add", [unbiased, g.Constant("fc.bias", w.ReadFloat("fc.bias"), 1008)], ["logits"], "fc_bias")[0];
        b.AddOutput(pool3, OnnxElementType.Float, "N", 2048);
        b.AddOutput(unbiased, OnnxElementType.Float, "N", 1008);
        b.AddOutput(logits, OnnxElementType.Float, "N", 1008);
        b.AddOutput(pool64, OnnxElementType.Float, "N", 64);
        b.AddOutput(pool192, OnnxElementType.Float, "N", 192);
        b.AddOutput(pool768, OnnxElementType.Float, "N", 768);

        const string outputs = "outputs pool3 [N,2048], logits_unbiased and logits [N,1008], pool64/pool192/pool768 (pytorch-fid dims 64/192/768).";
        b.DocString = clean
            ? $"FID Inception-v3 (pytorch-fid's weights) built by MmaGan from {Path.GetFileName(w.Path)} for clean-fid's clean mode. Input images [N,3,299,299] RGB on 0-255, " +
              "already resized outside the network (PIL bicubic on float32 per channel, clipped to [0,255]); scaled (x-128)/128 inside; " + outputs
            : $"pytorch-fid FID Inception-v3 built by MmaGan from {Path.GetFileName(w.Path)}. Input images [N,3,H,W] RGB in [0,1], " +
              "resized to 299x299 (bilinear, half-pixel) and scaled to [-1,1] inside; " + outputs;
        b.Metadata["model"] = "fid_inception_v3";
        b.Metadata["feature_space"] = "inception";
        b.Metadata["reference"] = clean
            ? "clean-fid mode=\"clean\" (make_resizer(\"PIL\", False, \"bicubic\", (299, 299)), InceptionV3W without resize_inside)"
            : "pytorch-fid InceptionV3 (resize_input=True, normalize_input=True)";
        convention.WriteTo(b.Metadata);
        b.Metadata["weights"] = Path.GetFileName(w.Path);
        b.Metadata[SourceDigests.FidWeightsKey] = SourceDigests.Sha256Of(w.Path);
        return b;
    }

    /// <summary>
    /// The spatial mean of an earlier block's output as [N, C] — pytorch-fid's InceptionV3([block]) features for
    /// dims 64 (block 0, after the first max pool), 192 (block 1, after the second) and 768 (block 2, Mixed_6e, before
    /// the auxiliary classifier), which its get_activations reduces with adaptive_avg_pool2d(·, (1, 1)).
    /// </summary>
    static string SpatialMean(ConvGraph g, string x, string name)
    {
        var pooled = g.Node("GlobalAveragePool", name + "_avg", [x]);
        return g.Builder.AddNode("Flatten", [pooled], [name], name, OnnxAttribute.Int("axis", 1))[0];
    }

    /// <summary>Reads the weights and writes the model to <paramref name="outPath"/> (atomically).</summary>
    public static void BuildFile(string weightsPath, string outPath, FeaturePreprocessing? convention = null)
    {
        using var w = PthFile.Open(weightsPath);
        w.Validate();
        Build(w, convention: convention).Save(outPath);
    }

    /// <summary>BasicConv2d: conv (no bias) → BatchNorm(ε=0.001) → ReLU, folded into Conv+bias → Relu.
    /// <paramref name="same"/>: pad (k−1)/2 per axis (the 1×n, n×1, 3×3 "same" convs), else no padding.</summary>
    static string Basic(ConvGraph g, PthFile w, string x, string key, int stride = 1, bool same = true)
    {
        var (weight, bias, shape) = Folded(w, key);
        var pad = same ? ((int)(shape[2] - 1) / 2, (int)(shape[3] - 1) / 2) : (0, 0);
        return g.Relu(g.Conv(x, key, weight, shape, bias, (stride, stride), pad));
    }

    static (float[] Weight, float[] Bias, long[] Shape) Folded(PthFile w, string key)
    {
        var shape = w[key + ".conv.weight"].Shape;
        var (weight, bias) = BatchNormFolding.Fold(w.ReadFloat(key + ".conv.weight"), shape, 0, null,
            w.ReadFloat(key + ".bn.weight"), w.ReadFloat(key + ".bn.bias"),
            w.ReadFloat(key + ".bn.running_mean"), w.ReadFloat(key + ".bn.running_var"), BnEps);
        return (weight, bias, shape);
    }

    /// <summary>Several 1×1 BasicConv2d on the same input: one Conv over the concatenated output channels → Relu →
    /// Split (when <paramref name="merge"/> is on: see <see cref="Build"/>'s mergePointwise), else one Conv each.</summary>
    static string[] Pointwise(ConvGraph g, PthFile w, string x, bool merge, params string[] keys)
    {
        if (!merge) return [.. keys.Select(k => Basic(g, w, x, k))];
        var parts = keys.Select(k => Folded(w, k)).ToList();
        if (parts.Any(p => p.Shape[2] != 1 || p.Shape[3] != 1)) throw new InvalidOperationException("only 1x1 convolutions merge");
        var outChannels = parts.Select(p => p.Shape[0]).ToArray();
        var y = g.Relu(g.Conv(x, string.Join("+", keys), [.. parts.SelectMany(p => p.Weight)],
            [outChannels.Sum(), parts[0].Shape[1], 1, 1], [.. parts.SelectMany(p => p.Bias)], (1, 1), (0, 0)));
        return g.Builder.AddNode("Split", [y, g.Constant("split_sizes", outChannels, outChannels.Length)], keys.Length,
            "split_" + string.Join("+", keys), OnnxAttribute.Int("axis", 1));
    }

    /// <summary>FIDInceptionA: 1x1 | 5x5 | 3x3dbl | avgpool(3,1,1, count_include_pad=False) → 1x1.</summary>
    static string InceptionA(ConvGraph g, PthFile w, string x, bool merge, string m)
    {
        var p = Pointwise(g, w, x, merge, $"{m}.branch1x1", $"{m}.branch5x5_1", $"{m}.branch3x3dbl_1");
        var b1 = p[0];
        var b5 = Basic(g, w, p[1], $"{m}.branch5x5_2");
        var b3 = Basic(g, w, Basic(g, w, p[2], $"{m}.branch3x3dbl_2"), $"{m}.branch3x3dbl_3");
        var bp = Basic(g, w, g.AvgPool(x, 3, 1, 1, countIncludePad: false), $"{m}.branch_pool");
        return g.Concat(1, b1, b5, b3, bp);
    }

    /// <summary>InceptionB (torchvision; Mixed_6a): 3x3/2 | 3x3dbl (last /2) | maxpool(3,2).</summary>
    static string InceptionB(ConvGraph g, PthFile w, string x, string m)
    {
        var b3 = Basic(g, w, x, $"{m}.branch3x3", stride: 2, same: false);
        var bd = Basic(g, w, Basic(g, w, Basic(g, w, x, $"{m}.branch3x3dbl_1"), $"{m}.branch3x3dbl_2"), $"{m}.branch3x3dbl_3", stride: 2, same: false);
        return g.Concat(1, b3, bd, g.MaxPool(x, 3, 2));
    }

    /// <summary>FIDInceptionC: 1x1 | 1x1→1x7→7x1 | 1x1→7x1→1x7→7x1→1x7 | avgpool(count_include_pad=False) → 1x1.</summary>
    static string InceptionC(ConvGraph g, PthFile w, string x, bool merge, string m)
    {
        var p = Pointwise(g, w, x, merge, $"{m}.branch1x1", $"{m}.branch7x7_1", $"{m}.branch7x7dbl_1");
        var b1 = p[0];
        var b7 = p[1];
        foreach (var k in new[] { "branch7x7_2", "branch7x7_3" }) b7 = Basic(g, w, b7, $"{m}.{k}");
        var bd = p[2];
        foreach (var k in new[] { "branch7x7dbl_2", "branch7x7dbl_3", "branch7x7dbl_4", "branch7x7dbl_5" }) bd = Basic(g, w, bd, $"{m}.{k}");
        var bp = Basic(g, w, g.AvgPool(x, 3, 1, 1, countIncludePad: false), $"{m}.branch_pool");
        return g.Concat(1, b1, b7, bd, bp);
    }

    /// <summary>InceptionD (torchvision; Mixed_7a): 1x1→3x3/2 | 1x1→1x7→7x1→3x3/2 | maxpool(3,2).</summary>
    static string InceptionD(ConvGraph g, PthFile w, string x, bool merge, string m)
    {
        var p = Pointwise(g, w, x, merge, $"{m}.branch3x3_1", $"{m}.branch7x7x3_1");
        var b3 = Basic(g, w, p[0], $"{m}.branch3x3_2", stride: 2, same: false);
        var b7 = p[1];
        foreach (var k in new[] { "branch7x7x3_2", "branch7x7x3_3" }) b7 = Basic(g, w, b7, $"{m}.{k}");
        b7 = Basic(g, w, b7, $"{m}.branch7x7x3_4", stride: 2, same: false);
        return g.Concat(1, b3, b7, g.MaxPool(x, 3, 2));
    }

    /// <summary>FIDInceptionE_1 / E_2: 1x1 | 1x1→(1x3 ‖ 3x1) | 1x1→3x3→(1x3 ‖ 3x1) | pool → 1x1, where the pool is
    /// avgpool(3,1,1, count_include_pad=False) in E_1 and maxpool(3,1,1) in E_2.</summary>
    static string InceptionE(ConvGraph g, PthFile w, string x, bool merge, string m, bool maxPool)
    {
        var p = Pointwise(g, w, x, merge, $"{m}.branch1x1", $"{m}.branch3x3_1", $"{m}.branch3x3dbl_1");
        var b1 = p[0];
        var s3 = p[1];
        var b3 = g.Concat(1, Basic(g, w, s3, $"{m}.branch3x3_2a"), Basic(g, w, s3, $"{m}.branch3x3_2b"));
        var sd = Basic(g, w, p[2], $"{m}.branch3x3dbl_2");
        var bd = g.Concat(1, Basic(g, w, sd, $"{m}.branch3x3dbl_3a"), Basic(g, w, sd, $"{m}.branch3x3dbl_3b"));
        var pooled = maxPool ? g.MaxPool(x, 3, 1, 1) : g.AvgPool(x, 3, 1, 1, countIncludePad: false);
        var bp = Basic(g, w, pooled, $"{m}.branch_pool");
        return g.Concat(1, b1, b3, bd, bp);
    }
}
