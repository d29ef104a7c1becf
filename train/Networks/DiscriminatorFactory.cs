using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// Discriminators ending in one fully connected layer with <see cref="NetworkSpec.Heads"/> logits (no sigmoid: the losses
/// take log-sigmoids of logits). conv: Conv 4×4 s2 → LeakyReLU 0.2 → [Conv 4×4 s2 → BN → LeakyReLU]… down to 4×4 →
/// Flatten → Linear(·, Heads); BN is left out for the WGAN-GP critic. toy: 2 → 128 → ReLU → Heads.
/// </summary>
public static class DiscriminatorFactory
{
    public static TorchSharp.Modules.Sequential Create(NetworkSpec spec) => spec.Kind switch
    {
        "toy" => nn.Sequential(
            ("fc1", nn.Linear(2, 128)),
            ("relu1", nn.ReLU()),
            ("heads", nn.Linear(128, spec.Heads))),
        "conv" => Conv(spec),
        _ => throw new ArgumentException($"unknown network kind '{spec.Kind}'"),
    };

    static TorchSharp.Modules.Sequential Conv(NetworkSpec spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = spec.Channels;
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
