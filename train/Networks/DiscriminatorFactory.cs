using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// Discriminators ending in one fully connected layer with <see cref="NetworkSpec.Heads"/> logits (no sigmoid: the losses
/// take log-sigmoids of logits). conv: Conv 4×4 s2 → LeakyReLU 0.2 → [Conv 4×4 s2 → BN → LeakyReLU]… down to 4×4 →
/// Flatten → Linear(·, Heads); BN is left out for the WGAN-GP critic. toy: 2 → 128 → ReLU → Heads.
/// mlp (Goodfellow et al. 2014's MNIST D, without dropout): Flatten → Maxout 240×5 → Maxout 240×5 → Linear(240, Heads).
/// The stabilisers of <see cref="NetworkSpec"/> (spectral norm, minibatch discrimination) are applied by <see cref="DiscriminatorStabilisers"/>.
/// toy-pacgan (PacGAN's toy D): 3 × maxout(200 units, 5 pieces) → Linear(200, Heads).
/// stacked-mnist (Unrolled GAN's and PacGAN's Stacked MNIST D): 3 × [3×3 conv stride 2 (28 → 14 → 7 → 4) → BN → LeakyReLU 0.3]
/// with 2, 4, 8 filters (<see cref="NetworkSpec.DSize"/> 0.25) or 4, 8, 16 (0.5) → Flatten → Linear(16·filters, Heads); BN is
/// left out for the WGAN-GP critic and with spectral norm, as for conv.
/// With packing (<see cref="NetworkSpec.Pack"/> = m) the input is m samples concatenated: 2m features, or m·C channels.
/// </summary>
public static class DiscriminatorFactory
{
    public static TorchSharp.Modules.Sequential Create(NetworkSpec spec) => DiscriminatorStabilisers.Apply(spec.Kind switch
    {
        "toy" => nn.Sequential(
            ("fc1", nn.Linear(2 * spec.Pack, 128)),
            ("relu1", nn.ReLU()),
            ("heads", nn.Linear(128, spec.Heads))),
        "toy-pacgan" => nn.Sequential(
            ("maxout1", new Maxout(2 * spec.Pack, PacGanUnits, PacGanPieces)),
            ("maxout2", new Maxout(PacGanUnits, PacGanUnits, PacGanPieces)),
            ("maxout3", new Maxout(PacGanUnits, PacGanUnits, PacGanPieces)),
            ("heads", nn.Linear(PacGanUnits, spec.Heads))),
        "conv" => Conv(spec),
        "mlp" => Mlp(spec),
        "stacked-mnist" => StackedMnist(spec),
        _ => throw new ArgumentException($"unknown network kind '{spec.Kind}'"),
    }, spec);

    /// <summary>The Stacked MNIST D's filters per conv layer for a D size of 0.25 or 0.5 (of G).</summary>
    public static int[] StackedMnistFilters(double dSize) => dSize switch
    {
        0.25 => [2, 4, 8],
        0.5 => [4, 8, 16],
        _ => throw new ArgumentException($"D size {dSize} (expected 0.25 or 0.5)"),
    };

    static TorchSharp.Modules.Sequential StackedMnist(NetworkSpec spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = spec.Channels * spec.Pack;
        var size = spec.ImageSize;
        var filters = StackedMnistFilters(spec.DSize);
        for (var i = 0; i < filters.Length; i++)
        {
            layers.Add(($"conv{i}", nn.Conv2d(inChannels, filters[i], 3, stride: 2, padding: 1)));
            if (spec.DiscriminatorBatchNorm) layers.Add(($"bn{i}", nn.BatchNorm2d(filters[i])));
            layers.Add(($"lrelu{i}", nn.LeakyReLU(0.3)));
            inChannels = filters[i];
            size = (size + 1) / 2;
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("heads", nn.Linear(inChannels * size * size, spec.Heads)));
        return new ConvRoutedSequential([.. layers]);
    }

    static TorchSharp.Modules.Sequential Mlp(NetworkSpec spec) => nn.Sequential(
        ("flatten", nn.Flatten()),
        ("maxout1", new Maxout(spec.Channels * spec.ImageSize * spec.ImageSize, 240, 5, DiscriminatorStabilisers.Wrapper(spec))),
        ("maxout2", new Maxout(240, 240, 5, DiscriminatorStabilisers.Wrapper(spec))),
        ("heads", nn.Linear(240, spec.Heads)));

    /// <summary>PacGAN's toy D: maxout units per layer and pieces per unit.</summary>
    public const int PacGanUnits = 200, PacGanPieces = 5;

    static TorchSharp.Modules.Sequential Conv(NetworkSpec spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = spec.Channels * spec.Pack;
        var i = 0;
        for (var size = spec.ImageSize / 2; size >= 4; size /= 2, i++)
        {
            var width = spec.WidthAt(size);
            var first = i == 0;
            layers.Add(($"conv{i}", nn.Conv2d(inChannels, width, 4, stride: 2, padding: 1, bias: first || !spec.DiscriminatorBatchNorm)));
            if (!first && spec.DiscriminatorBatchNorm) layers.Add(($"bn{i}", nn.BatchNorm2d(width)));
            layers.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
            inChannels = width;
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("heads", nn.Linear(inChannels * 16, spec.Heads)));
        return new ConvRoutedSequential([.. layers]);
    }
}
