using MmaGan.Models.Dinov2;
using MmaGan.Shared.Pth;
using MmaGan.TestSupport;

namespace MmaGan.Models.Tests.Dinov2;

/// <summary>
/// Random-weight twins of facebookresearch/dinov2's released backbones: the official key names and shapes
/// (hub dinov2_vit*14: img_size 518 → pos_embed [1, 1370, D], patch 14, layer-scale, MLP ratio 4), filled by
/// <see cref="SeededData"/> (the names and shapes from <see cref="Dinov2Architecture.StateDictShapes"/>, checked against
/// dinov2's own state_dict() by the reference's load_state_dict(strict=True)) and written as a zip .pth, so the builder reads them exactly as it reads
/// dinov2_vit*14_pretrain.pth. The reference features were computed from the same seeded values by dgm-eval's and
/// torch-fidelity's DINOv2 extractors (monkey-patched torch.hub.load returning the twin).
/// </summary>
internal static class Dinov2Twin
{
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
        // The official layout at another width and depth (SwiGLUFFNFused's hidden width for "tinyg", as vitg14's).
        var like = Dinov2Architecture.Of(name == "tinyg" ? "vitg14" : "vits14");
        var arch = like with { EmbedDim = d, Depth = depth, MlpHidden = name == "tinyg" ? (4 * d * 2 / 3 + 7) / 8 * 8 : 4 * d };
        PthWriter.WriteZip(path, SeededData.StateDict(seed, arch.StateDictShapes()));
        return path;
    }
}
