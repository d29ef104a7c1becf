using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>DCGAN initialisation (Radford et al. 2016): conv weights N(0, 0.02); BatchNorm γ ~ N(1, 0.02), β = 0. Other
/// parameters (Linear layers, conv biases) are left as created: PyTorch's default initialisation.</summary>
public static class WeightInit
{
    public static void Dcgan(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d c: nn.init.normal_(c.weight!, 0, 0.02); break;
                case ConvTranspose2d c: nn.init.normal_(c.weight!, 0, 0.02); break;
                case BatchNorm2d b:
                    nn.init.normal_(b.weight!, 1, 0.02);
                    nn.init.zeros_(b.bias!);
                    break;
            }
        }
    }

    /// <summary>
    /// PacGAN's toy initialisation (Blocks' IsotropicGaussian(0.02) and Constant(0)): every Linear (also inside maxout)
    /// weight ~ N(0, 0.02), biases 0; BatchNorm scale 1, shift 0.
    /// </summary>
    public static void PacGan(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Linear l:
                    nn.init.normal_(l.weight!, 0, 0.02);
                    if (l.bias is { } b) nn.init.zeros_(b);
                    break;
                case BatchNorm1d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }

    /// <summary>
    /// The initialisation of PacGAN's Stacked MNIST code (carpedm20's DCGAN-tensorflow ops): conv weights from a normal
    /// N(0, 0.02) truncated at two standard deviations (TensorFlow's truncated_normal_initializer), transposed-conv and
    /// Linear weights N(0, 0.02), every bias 0; BatchNorm scale 1, shift 0.
    /// </summary>
    public static void PacGanStackedMnist(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d c:
                    TruncatedNormal(c.weight!, 0, 0.02);
                    if (c.bias is { } cb) nn.init.zeros_(cb);
                    break;
                case ConvTranspose2d t:
                    nn.init.normal_(t.weight!, 0, 0.02);
                    if (t.bias is { } tb) nn.init.zeros_(tb);
                    break;
                case Linear l:
                    nn.init.normal_(l.weight!, 0, 0.02);
                    if (l.bias is { } lb) nn.init.zeros_(lb);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }

    /// <summary>
    /// TensorFlow's truncated_normal_initializer: w ~ N(mean, std²) with every draw farther than two standard deviations from
    /// the mean drawn again (so |w − mean| ≤ 2·std, and the spread is ≈ 0.880·std), from torch's global generator.
    /// Hand-written because TorchSharp 0.107's <c>nn.init.trunc_normal_</c> filled every element with one value (0.02 for
    /// std 0.02, bounds ±0.04), which made every filter of a layer the same and kept them the same through training.
    /// </summary>
    public static void TruncatedNormal(Tensor weight, double mean, double std)
    {
        using var _ = no_grad();
        weight.normal_(mean, std);
        while (true)
        {
            using var scope = NewDisposeScope();
            var outside = (weight - mean).abs().gt(2 * std);
            if (!outside.any().item<bool>()) return;
            weight.copy_(where(outside, empty_like(weight).normal_(mean, std), weight));
        }
    }
}
