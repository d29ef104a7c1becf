using MmaGan.Models.Graph;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Dinov2;

/// <summary>
/// A DINOv2 backbone's shape as facebookresearch/dinov2's hub models define it (dinov2/hub/backbones.py:
/// img_size 518, patch 14, layer-scale, no registers, block_chunks 0) and read from its state dict: embedding width D
/// (<c>cls_token</c> [1,1,D]), depth (<c>blocks.N.*</c>), patch (<c>patch_embed.proj.weight</c> [D,3,p,p]), the trained
/// position grid M (<c>pos_embed</c> [1, 1 + M², D]: 37 for 518/14), the MLP (<c>mlp.fc1</c>: GELU; <c>mlp.w12</c>/<c>w3</c>:
/// ViT-g's SwiGLU). Heads are not in the state dict: the official models use 64-wide heads (S 6, B 12, L 16, g 24).
/// </summary>
public sealed record Dinov2Architecture(string Name, int EmbedDim, int Depth, int Heads, int PatchSize, int PosGrid, int MlpHidden, MlpActivation Activation)
{
    /// <summary>The official backbones: --arch name, width, depth, heads.</summary>
    public static readonly IReadOnlyList<(string Arch, int Dim, int Depth, int Heads)> Official =
        [("vits14", 384, 12, 6), ("vitb14", 768, 12, 12), ("vitl14", 1024, 24, 16), ("vitg14", 1536, 40, 24)];

    public static readonly string[] ArchNames = [.. Official.Select(o => o.Arch)];

    /// <summary>"dinov2_vitl14", or "dinov2_d{D}x{depth}" for a non-official size (a test twin).</summary>
    public string ModelName => "dinov2_" + Name;

    /// <summary>An official backbone by its --arch name (vits14 … vitg14), as hub's dinov2_vit*14 builds it.</summary>
    public static Dinov2Architecture Of(string arch)
    {
        var o = Official.FirstOrDefault(x => x.Arch == arch);
        if (o.Arch == null) throw new InputException($"unknown DINOv2 architecture '{arch}' (expected one of {string.Join(", ", ArchNames)})");
        // ViT-g's SwiGLUFFNFused: hidden (⌊4D·2/3⌋ + 7) / 8 · 8; the others: nn.GELU MLP of 4D.
        return arch == "vitg14"
            ? new Dinov2Architecture(arch, o.Dim, o.Depth, o.Heads, 14, 37, (4 * o.Dim * 2 / 3 + 7) / 8 * 8, MlpActivation.SwiGlu)
            : new Dinov2Architecture(arch, o.Dim, o.Depth, o.Heads, 14, 37, 4 * o.Dim, MlpActivation.Gelu);
    }

    /// <summary>The released state dict's tensors, names and shapes (what <see cref="Infer"/> reads back).</summary>
    public IEnumerable<(string Name, long[] Shape)> StateDictShapes()
    {
        int d = EmbedDim, h = MlpHidden;
        yield return ("cls_token", [1, 1, d]);
        yield return ("pos_embed", [1, 1 + PosGrid * PosGrid, d]);
        yield return ("mask_token", [1, d]);
        yield return ("patch_embed.proj.weight", [d, 3, PatchSize, PatchSize]);
        yield return ("patch_embed.proj.bias", [d]);
        for (var i = 0; i < Depth; i++)
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
            var (fc1, fc2) = Activation == MlpActivation.SwiGlu ? ("mlp.w12", "mlp.w3") : ("mlp.fc1", "mlp.fc2");
            var fc1Out = Activation == MlpActivation.SwiGlu ? 2 * h : h;
            yield return (p + fc1 + ".weight", [fc1Out, d]);
            yield return (p + fc1 + ".bias", [fc1Out]);
            yield return (p + fc2 + ".weight", [d, h]);
            yield return (p + fc2 + ".bias", [d]);
            yield return (p + "ls2.gamma", [d]);
        }
        yield return ("norm.weight", [d]);
        yield return ("norm.bias", [d]);
    }

    /// <summary>Floating-point operations of one forward pass at <paramref name="inputSize"/>² (2 per multiply-add; matrix products only).</summary>
    public double GflopPerImage(int inputSize)
    {
        double grid = inputSize / PatchSize, t = 1 + grid * grid, d = EmbedDim;
        var fc1Out = Activation == MlpActivation.SwiGlu ? 2.0 * MlpHidden : MlpHidden;
        var block = t * d * 3 * d + 2 * t * t * d + t * d * d + t * d * fc1Out + t * MlpHidden * d;
        return 2 * (grid * grid * d * 3 * PatchSize * PatchSize + Depth * block) / 1e9;
    }

    /// <summary>Reads the architecture from <paramref name="w"/>; <paramref name="arch"/> (vits14 … vitg14) must then agree with it.</summary>
    public static Dinov2Architecture Infer(PthFile w, string? arch = null)
    {
        foreach (var key in new[] { "cls_token", "pos_embed", "patch_embed.proj.weight", "norm.weight", "blocks.0.norm1.weight" })
            if (!w.Contains(key))
                throw InputException.ForFile(w.Path, w.Contains("blocks.0.0.norm1.weight")
                    ? "block-chunked keys (blocks.0.0.*): a training checkpoint, not the released backbone (dinov2_vit*14_pretrain.pth)"
                    : $"no tensor '{key}': not a DINOv2 backbone state dict (dinov2_vit*14_pretrain.pth)");
        if (w.Contains("register_tokens"))
            throw InputException.ForFile(w.Path, "has register tokens (a *_reg4 model): only the models without registers are supported");
        var patch = w["patch_embed.proj.weight"].Shape;
        if (patch.Length != 4 || patch[1] != 3 || patch[2] != patch[3])
            throw InputException.ForFile(w.Path, $"patch_embed.proj.weight has shape {w["patch_embed.proj.weight"].ShapeText}, expected [D, 3, p, p]");
        var d = (int)patch[0];
        var depth = 0;
        while (w.Contains($"blocks.{depth}.norm1.weight")) depth++;
        var pos = w["pos_embed"].Shape;
        var grid = pos.Length == 3 ? (int)Math.Round(Math.Sqrt(pos[1] - 1)) : 0;
        if (pos.Length != 3 || pos[0] != 1 || pos[2] != d || grid * grid != pos[1] - 1)
            throw InputException.ForFile(w.Path, $"pos_embed has shape {w["pos_embed"].ShapeText}, expected [1, 1 + M², {d}]");
        int hidden;
        MlpActivation activation;
        if (w.Contains("blocks.0.mlp.fc1.weight")) { hidden = (int)w["blocks.0.mlp.fc1.weight"].Shape[0]; activation = MlpActivation.Gelu; }
        else if (w.Contains("blocks.0.mlp.w12.weight")) { hidden = (int)w["blocks.0.mlp.w12.weight"].Shape[0] / 2; activation = MlpActivation.SwiGlu; }
        else throw InputException.ForFile(w.Path, "no blocks.0.mlp.fc1.weight or blocks.0.mlp.w12.weight: unknown DINOv2 MLP");

        var official = Official.FirstOrDefault(o => o.Dim == d && o.Depth == depth);
        string name;
        int heads;
        if (arch != null)
        {
            var wanted = Official.FirstOrDefault(o => o.Arch == arch);
            if (wanted.Arch == null) throw new InputException($"--arch {arch}: expected one of {string.Join(", ", ArchNames)}");
            if (wanted.Dim != d || wanted.Depth != depth)
                throw InputException.ForFile(w.Path, $"holds a {d}-wide, {depth}-block backbone{(official.Arch != null ? $" ({official.Arch})" : "")}, not --arch {arch} ({wanted.Dim}-wide, {wanted.Depth} blocks)");
            (name, heads) = (wanted.Arch, wanted.Heads);
        }
        else if (official.Arch != null) (name, heads) = (official.Arch, official.Heads);
        else
        {
            if (d % 64 != 0) throw InputException.ForFile(w.Path, $"a {d}-wide backbone is not an official size and does not split into 64-wide heads; pass --arch");
            (name, heads) = ($"d{d}x{depth}", d / 64);
        }
        return new Dinov2Architecture(name, d, depth, heads, (int)patch[2], grid, hidden, activation);
    }
}
