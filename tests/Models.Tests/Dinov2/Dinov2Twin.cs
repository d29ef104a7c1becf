using MmaGan.TestSupport;

namespace MmaGan.Models.Tests.Dinov2;

/// <summary>
/// Random-weight twins of facebookresearch/dinov2's released backbones: the official key names and shapes
/// (hub dinov2_vit*14: img_size 518 → pos_embed [1, 1370, D], patch 14, layer-scale, MLP ratio 4), filled by
/// <see cref="SeededData"/> and written as a zip .pth, so the builder reads them exactly as it reads
/// dinov2_vit*14_pretrain.pth. The reference features were computed from the same seeded values by dgm-eval's and
/// torch-fidelity's DINOv2 extractors (monkey-patched torch.hub.load returning the twin).
/// </summary>
internal static class Dinov2Twin
{
    /// <param name="swiglu">ViT-g's MLP (SwiGLUFFNFused): mlp.w12 [2·hidden, D], mlp.w3 [D, hidden] instead of fc1/fc2.</param>
    public static IEnumerable<(string Name, long[] Shape)> Keys(int d, int depth, int hidden, bool swiglu = false)
    {
        yield return ("cls_token", [1, 1, d]);
        yield return ("pos_embed", [1, 1370, d]);
        yield return ("mask_token", [1, d]);
        yield return ("patch_embed.proj.weight", [d, 3, 14, 14]);
        yield return ("patch_embed.proj.bias", [d]);
        for (var i = 0; i < depth; i++)
        {
            var p = $"blocks.{i}.";
            yield return (p + "norm1.weight", [d]);
            yield return (p + "norm1.bias", [d]);
            yield return (p + "attn.qkv.weight", [3 * d, d]);
            yield return (p + "attn.qkv.bias", [3 * d]);
            yield return (p + "attn.proj.weight", [d, d]);
            yield return (p + "attn.proj.bias", [d]);
            yield return (p + "ls1.gamma", [d]);
            yield return (p + "norm2.weight", [d]);
            yield return (p + "norm2.bias", [d]);
            if (swiglu)
            {
                yield return (p + "mlp.w12.weight", [2 * hidden, d]);
                yield return (p + "mlp.w12.bias", [2 * hidden]);
                yield return (p + "mlp.w3.weight", [d, hidden]);
                yield return (p + "mlp.w3.bias", [d]);
            }
            else
            {
                yield return (p + "mlp.fc1.weight", [hidden, d]);
                yield return (p + "mlp.fc1.bias", [hidden]);
                yield return (p + "mlp.fc2.weight", [d, hidden]);
                yield return (p + "mlp.fc2.bias", [d]);
            }
            yield return (p + "ls2.gamma", [d]);
        }
        yield return ("norm.weight", [d]);
        yield return ("norm.bias", [d]);
    }

    /// <summary>The twins the fixtures were made with: name → (width, depth); "tinyg" has ViT-g's SwiGLU MLP.</summary>
    public static (int D, int Depth) Size(string name) => name switch
    {
        "tiny" or "tinyg" => (64, 2),
        "vits14" => (384, 12),
        "vitb14" => (768, 12),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Writes the twin to a temporary .pth and returns its path.</summary>
    public static string Write(string name, int seed)
    {
        var (d, depth) = Size(name);
        var path = Path.Combine(SharedFixtures.TempDir("dinov2-twin"), $"dinov2_{name}_seed{seed}.pth");
        // SwiGLUFFNFused's hidden width: (⌊4D·2/3⌋ + 7) / 8 · 8.
        var keys = name == "tinyg" ? Keys(d, depth, (4 * d * 2 / 3 + 7) / 8 * 8, swiglu: true) : Keys(d, depth, 4 * d);
        TestPthWriter.WriteZip(path, SeededData.StateDict(seed, keys));
        return path;
    }
}
