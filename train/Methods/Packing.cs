using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// PacGAN packing (Lin et al. 2018): D judges m samples at once, all real or all generated. As in PacGAN's public code,
/// the m samples of a pack come from m separate "slot" batches of B samples each (G is called once per slot, so its
/// batch norm sees B samples per call), and pack i is (slot_1[i], …, slot_m[i]) concatenated along the features:
/// <code>x [m·B, d…] (slot-major: row s·B + i is slot s, pack i)  →  packed [B, m·d, …]</code>
/// With m = 1 both functions are the identity (no reshape, one G call), so unpacked training is unchanged.
/// </summary>
public static class Packing
{
    /// <summary>[m·B, d, …] → [B, m·d, …]: the m slot batches side by side (features or image channels concatenated).</summary>
    public static Tensor Pack(Tensor x, int m)
    {
        if (m == 1) return x;
        if (x.shape[0] % m != 0) throw new ArgumentException($"{x.shape[0]} samples do not split into {m} slots");
        long[] slots = [m, x.shape[0] / m, .. x.shape[1..]];
        long[] packed = [x.shape[0] / m, m * x.shape[1], .. x.shape[2..]];
        return x.reshape(slots).transpose(0, 1).reshape(packed);
    }

    /// <summary>G on m·B latents as m calls of B (each slot batch normalised on its own), concatenated slot-major.</summary>
    public static Tensor Generate(nn.Module<Tensor, Tensor> generator, Tensor z, int m) =>
        m == 1 ? generator.call(z) : cat(z.chunk(m).Select(generator.call).ToList(), 0);
}
