using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// Generators as <see cref="nn.Sequential"/> chains of standard modules (so the ONNX exporter can walk them).
/// conv (DCGAN, Radford et al. 2016): z → Unflatten [z,1,1] → ConvT 4×4 (4×4 map) → [BN → ReLU → ConvT 4×4 s2]… → Tanh.
/// toy: z (100) → Linear 128 → ReLU → Linear 128 → ReLU → Linear 2.
/// mlp (Goodfellow et al. 2014): z → Linear 1200 → ReLU → Linear 1200 → ReLU → Linear C·H·W → Tanh → Unflatten [C,H,W]
/// (tanh rather than the paper's sigmoid, as the data here lie in [−1, 1]).
/// toy-pacgan (PacGAN's toy G, z ∈ R²): 4 × [Linear 400 (no bias: BN follows) → BatchNorm → ReLU] → Linear 2, as in PacGAN's
/// Blocks code (BN ε = 1e-4, population statistics updated with momentum 0.05; eval mode uses them, as PacGAN's sampling does).
/// stacked-mnist (Unrolled GAN's and PacGAN's Stacked MNIST G, z ∈ R^256): Linear → 4×4×64 → BN → ReLU → 3×3 transposed convs
/// stride 2 to 7×7×32, 14×14×16, 28×28×8 (BN, ReLU each) → 3×3 conv stride 1 to C channels → Tanh; every layer has a bias, as
/// in PacGAN's TensorFlow code (its "SAME" transposed convs are padding 1 here, output padding 0, 1, 1).
/// </summary>
public static class GeneratorFactory
{
    public static TorchSharp.Modules.Sequential Create(NetworkSpec spec) => spec.Kind switch
    {
        "toy" => Toy(spec),
        "toy-pacgan" => PacGanToy(spec),
        "conv" => Conv(spec),
        "mlp" => Mlp(spec),
        "stacked-mnist" => StackedMnist(spec),
        _ => throw new ArgumentException($"unknown network kind '{spec.Kind}'"),
    };

    static TorchSharp.Modules.Sequential StackedMnist(NetworkSpec spec) => new ConvRoutedSequential(
        ("fc", nn.Linear(spec.LatentSize, 64 * 4 * 4)),
        ("unflatten", nn.Unflatten(1, [64, 4, 4])),
        ("bn0", nn.BatchNorm2d(64)),
        ("relu0", nn.ReLU()),
        ("convt1", nn.ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 0)),   // 4 → 7
        ("bn1", nn.BatchNorm2d(32)),
        ("relu1", nn.ReLU()),
        ("convt2", nn.ConvTranspose2d(32, 16, 3, stride: 2, padding: 1, output_padding: 1)),   // 7 → 14
        ("bn2", nn.BatchNorm2d(16)),
        ("relu2", nn.ReLU()),
        ("convt3", nn.ConvTranspose2d(16, 8, 3, stride: 2, padding: 1, output_padding: 1)),    // 14 → 28
        ("bn3", nn.BatchNorm2d(8)),
        ("relu3", nn.ReLU()),
        ("conv4", nn.Conv2d(8, spec.Channels, 3, stride: 1, padding: 1)),
        ("tanh", nn.Tanh()));

    static TorchSharp.Modules.Sequential Toy(NetworkSpec spec) => nn.Sequential(
        ("fc1", nn.Linear(spec.LatentSize, 128)),
        ("relu1", nn.ReLU()),
        ("fc2", nn.Linear(128, 128)),
        ("relu2", nn.ReLU()),
        ("out", nn.Linear(128, 2)));

    static TorchSharp.Modules.Sequential Mlp(NetworkSpec spec) => nn.Sequential(
        ("fc1", nn.Linear(spec.LatentSize, 1200)),
        ("relu1", nn.ReLU()),
        ("fc2", nn.Linear(1200, 1200)),
        ("relu2", nn.ReLU()),
        ("fc3", nn.Linear(1200, spec.Channels * spec.ImageSize * spec.ImageSize)),
        ("tanh", nn.Tanh()),
        ("unflatten", nn.Unflatten(1, [spec.Channels, spec.ImageSize, spec.ImageSize])));
    /// <summary>Hidden width of PacGAN's toy G.</summary>
    public const int PacGanWidth = 400;

    static TorchSharp.Modules.Sequential PacGanToy(NetworkSpec spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inFeatures = spec.LatentSize;
        for (var i = 1; i <= 4; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(inFeatures, PacGanWidth, hasBias: false)));
            layers.Add(($"bn{i}", nn.BatchNorm1d(PacGanWidth, eps: 1e-4, momentum: 0.05)));
            layers.Add(($"relu{i}", nn.ReLU()));
            inFeatures = PacGanWidth;
        }
        layers.Add(("out", nn.Linear(PacGanWidth, 2)));
        return nn.Sequential(layers);
    }

    static TorchSharp.Modules.Sequential Conv(NetworkSpec spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("unflatten", nn.Unflatten(1, [spec.LatentSize, 1, 1])),
            ("convt0", nn.ConvTranspose2d(spec.LatentSize, spec.WidthAt(4), 4, stride: 1, padding: 0, bias: false)),
        };
        var i = 0;
        for (var size = 4; size < spec.ImageSize; size *= 2, i++)
        {
            layers.Add(($"bn{i}", nn.BatchNorm2d(spec.WidthAt(size))));
            layers.Add(($"relu{i}", nn.ReLU()));
            var outChannels = size * 2 == spec.ImageSize ? spec.Channels : spec.WidthAt(size * 2);
            layers.Add(($"convt{i + 1}", nn.ConvTranspose2d(spec.WidthAt(size), outChannels, 4, stride: 2, padding: 1, bias: false)));
        }
        layers.Add(("tanh", nn.Tanh()));
        return new ConvRoutedSequential([.. layers]);
    }
}
