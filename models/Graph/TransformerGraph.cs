using MmaGan.Shared.Onnx;

namespace MmaGan.Models.Graph;

/// <summary>Weights of one pre-norm transformer block: x += attn(LN₁(x)); x += mlp(LN₂(x)).</summary>
/// <param name="QkvWeight">[3D, D], rows q then k then v (PyTorch's packed nn.Linear / MultiheadAttention in_proj_weight).</param>
/// <param name="ProjWeight">[D, D] output projection (nn.Linear layout [out, in]).</param>
/// <param name="Fc1Weight">[hidden, D] (SwiGLU: [2·hidden, D], the two halves being the gate and the value).</param>
/// <param name="Fc2Weight">[D, hidden].</param>
/// <param name="Gamma1">Layer-scale of the attention branch (DINOv2's ls1.gamma), or null.</param>
/// <param name="Gamma2">Layer-scale of the MLP branch, or null.</param>
public sealed record TransformerBlockWeights(
    float[] Norm1Weight, float[] Norm1Bias, float[] QkvWeight, float[] QkvBias, float[] ProjWeight, float[] ProjBias,
    float[] Norm2Weight, float[] Norm2Bias, float[] Fc1Weight, float[] Fc1Bias, float[] Fc2Weight, float[] Fc2Bias,
    float[]? Gamma1, float[]? Gamma2);

/// <summary>The MLP's activation: GELU (exact, erf), QuickGELU (CLIP: x·σ(1.702x)) or SwiGLU (SiLU(gate)·value).</summary>
public enum MlpActivation { Gelu, QuickGelu, SwiGlu }

/// <summary>
/// Vision-transformer vocabulary on top of <see cref="ConvGraph"/> (default ONNX domain, opset 17) for tokens [N, T, D]
/// with a fixed token count T: LayerNormalization, linear layers (MatMul with the transposed PyTorch weight, + bias),
/// multi-head self-attention softmax(q·kᵀ/√d_h)·v and the pre-norm residual block. Layer-scale factors are folded into the
/// branch's last linear layer (γ∘(Wx + b) = (γ∘W)x + γ∘b) and the attention scale 1/√d_h into the query rows (exact
/// when d_h is a power of four, as DINOv2's and CLIP's 64 are).
/// </summary>
public sealed class TransformerGraph(ConvGraph g, int tokens, int dim)
{
    public int Tokens { get; } = tokens;
    public int Dim { get; } = dim;

    public string LayerNorm(string x, float[] weight, float[] bias, float epsilon, string name) =>
        g.Node("LayerNormalization", name, [x, g.Constant(name + ".weight", weight, weight.Length), g.Constant(name + ".bias", bias, bias.Length)],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));

    /// <summary>y = x·Wᵀ + b for a PyTorch weight W [out, in] (row-major).</summary>
    public string Linear(string x, float[] weight, float[]? bias, int outFeatures, int inFeatures, string name)
    {
        if (weight.Length != outFeatures * inFeatures) throw new ArgumentException($"{name}: weight holds {weight.Length} values, not {outFeatures}×{inFeatures}");
        var y = g.Node("MatMul", name, [x, g.Constant(name + ".weight_t", Transpose(weight, outFeatures, inFeatures), inFeatures, outFeatures)]);
        return bias == null ? y : g.Add(y, g.Constant(name + ".bias", bias, outFeatures));
    }

    /// <summary>y = x·P + b for a right-multiplied matrix P [in, out] (CLIP's <c>proj</c>).</summary>
    public string RightMultiply(string x, float[] p, int inFeatures, int outFeatures, string name) =>
        g.Node("MatMul", name, [x, g.Constant(name, p, inFeatures, outFeatures)]);

    public static float[] Transpose(float[] w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    /// <summary>torch's exact GELU, x·½·(1 + erf(x/√2)), in the form torch.onnx.export writes (ONNX Runtime fuses it into one Gelu).</summary>
    public string Gelu(string x)
    {
        var erf = g.Node("Erf", "erf", [g.Div(x, g.Constant("sqrt2", [1.4142135381698608f]))]);
        return g.Mul(g.Mul(x, g.Add(erf, g.Constant("one", [1f]))), g.Constant("half", [0.5f]));
    }

    /// <summary>CLIP's QuickGELU: x·σ(1.702·x).</summary>
    public string QuickGelu(string x) =>
        g.Mul(x, g.Node("Sigmoid", "sigmoid", [g.Mul(x, g.Constant("quick_gelu", [1.702f]))]));

    /// <summary>SiLU (Swish): x·σ(x).</summary>
    public string Silu(string x) => g.Mul(x, g.Node("Sigmoid", "sigmoid", [x]));

    /// <summary>
    /// Multi-head self-attention on LN'd tokens h [N, T, D]: [q;k;v] = h·Wᵀ + b, split into <paramref name="heads"/> heads of
    /// d_h = D/heads (channel = head·d_h + j), softmax(q·kᵀ/√d_h)·v, heads concatenated, then the output projection
    /// (scaled by <paramref name="gamma"/> if given).
    /// </summary>
    public string Attention(string h, TransformerBlockWeights w, int heads, string name)
    {
        int d = Dim, t = Tokens, hd = d / heads;
        if (hd * heads != d) throw new ArgumentException($"{name}: {d} channels do not split into {heads} heads");
        var scale = 1.0 / Math.Sqrt(hd);
        var qkvW = (float[])w.QkvWeight.Clone();
        var qkvB = (float[])w.QkvBias.Clone();
        for (var i = 0; i < d * d; i++) qkvW[i] = (float)(qkvW[i] * scale);
        for (var i = 0; i < d; i++) qkvB[i] = (float)(qkvB[i] * scale);
        var qkv = Linear(h, qkvW, qkvB, 3 * d, d, name + ".qkv");
        var parts = g.Builder.AddNode("Split", [qkv, g.Constant("qkv_split", new long[] { d, d, d }, 3)], 3,
            g.Builder.UniqueName(name + ".split"), OnnxAttribute.Int("axis", -1));
        var headShape = g.Constant("head_shape", new long[] { -1, t, heads, hd }, 4);
        string Heads(string x, params long[] perm) =>
            g.Node("Transpose", "transpose", [g.Node("Reshape", "reshape", [x, headShape])], OnnxAttribute.Ints("perm", perm));
        var q = Heads(parts[0], 0, 2, 1, 3);   // [N, H, T, d_h]
        var kT = Heads(parts[1], 0, 2, 3, 1);  // [N, H, d_h, T]
        var v = Heads(parts[2], 0, 2, 1, 3);   // [N, H, T, d_h]
        var attn = g.Node("Softmax", name + ".softmax", [g.Node("MatMul", name + ".scores", [q, kT])], OnnxAttribute.Int("axis", -1));
        var o = g.Node("Transpose", "transpose", [g.Node("MatMul", name + ".context", [attn, v])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        o = g.Node("Reshape", "reshape", [o, g.Constant("token_shape", new long[] { -1, t, d }, 3)]);
        var (pw, pb) = Scaled(w.ProjWeight, w.ProjBias, w.Gamma1, d, d);
        return Linear(o, pw, pb, d, d, name + ".proj");
    }

    /// <summary>The MLP on LN'd tokens: fc2(act(fc1(h))), scaled by <paramref name="w"/>'s Gamma2 if given.</summary>
    public string Mlp(string h, TransformerBlockWeights w, MlpActivation activation, string name)
    {
        var d = Dim;
        var fc1Out = w.Fc1Bias.Length;
        var hidden = activation == MlpActivation.SwiGlu ? fc1Out / 2 : fc1Out;
        var y = Linear(h, w.Fc1Weight, w.Fc1Bias, fc1Out, d, name + ".fc1");
        if (activation == MlpActivation.SwiGlu)
        {
            var halves = g.Builder.AddNode("Split", [y, g.Constant("swiglu_split", new long[] { hidden, hidden }, 2)], 2,
                g.Builder.UniqueName(name + ".chunk"), OnnxAttribute.Int("axis", -1));
            y = g.Mul(Silu(halves[0]), halves[1]);
        }
        else y = activation == MlpActivation.Gelu ? Gelu(y) : QuickGelu(y);
        var (w2, b2) = Scaled(w.Fc2Weight, w.Fc2Bias, w.Gamma2, d, hidden);
        return Linear(y, w2, b2, d, hidden, name + ".fc2");
    }

    /// <summary>x + attn(LN₁(x)), then + mlp(LN₂(x)).</summary>
    public string Block(string x, TransformerBlockWeights w, int heads, MlpActivation activation, float epsilon, string name)
    {
        x = g.Add(x, Attention(LayerNorm(x, w.Norm1Weight, w.Norm1Bias, epsilon, name + ".norm1"), w, heads, name + ".attn"));
        return g.Add(x, Mlp(LayerNorm(x, w.Norm2Weight, w.Norm2Bias, epsilon, name + ".norm2"), w, activation, name + ".mlp"));
    }

    /// <summary>γ∘W and γ∘b for a weight [out, in] (unchanged copies when γ is null).</summary>
    static (float[] Weight, float[] Bias) Scaled(float[] weight, float[] bias, float[]? gamma, int outFeatures, int inFeatures)
    {
        if (gamma == null) return (weight, bias);
        var w = new float[weight.Length];
        var b = new float[bias.Length];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var i = 0; i < inFeatures; i++) w[o * inFeatures + i] = weight[o * inFeatures + i] * gamma[o];
            b[o] = bias[o] * gamma[o];
        }
        return (w, b);
    }
}
