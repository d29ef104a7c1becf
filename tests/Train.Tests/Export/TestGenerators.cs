using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MmaGan.Train.Tests.Export;

/// <summary>
/// The trainer's generator architectures (contracts.md), built here so the exporter can be tested before
/// GeneratorFactory lands; BatchNorm running statistics are made non-trivial by a few train-mode passes.
/// </summary>
internal static class TestGenerators
{
    /// <summary>DCGAN G: Unflatten → ConvT(z, C0, 4, 1, 0) → BN → ReLU → [ConvT(c, c/2, 4, 2, 1) → BN → ReLU]* → ConvT(c, ch, 4, 2, 1) → Tanh.</summary>
    public static Module<Tensor, Tensor> Conv(int latent, int imageSize, int channels, int baseWidth, int seed = 1)
    {
        manual_seed(seed);
        var c = baseWidth * imageSize / 8;
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", Unflatten(1, [latent, 1, 1])),
            ("1", ConvTranspose2d(latent, c, 4, 1, 0, bias: false)),
            ("2", BatchNorm2d(c)),
            ("3", ReLU()),
        };
        for (var size = 8; size < imageSize; size *= 2, c /= 2)
        {
            layers.Add(($"{layers.Count}", ConvTranspose2d(c, c / 2, 4, 2, 1, bias: false)));
            layers.Add(($"{layers.Count}", BatchNorm2d(c / 2)));
            layers.Add(($"{layers.Count}", ReLU()));
        }
        layers.Add(($"{layers.Count}", ConvTranspose2d(c, channels, 4, 2, 1, bias: false)));
        layers.Add(($"{layers.Count}", Tanh()));
        var g = Sequential(layers);
        WarmUp(g, latent);
        return g;
    }

    /// <summary>Toy G: Linear(100,128) → ReLU → Linear(128,128) → ReLU → Linear(128,2).</summary>
    public static Module<Tensor, Tensor> Toy(int seed = 1)
    {
        manual_seed(seed);
        return Sequential(Linear(100, 128), ReLU(), Linear(128, 128), ReLU(), Linear(128, 2));
    }

    public static void WarmUp(Module<Tensor, Tensor> g, int latent)
    {
        g.train();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < 3; i++) g.call(randn(8, latent) * 2 + 0.5);
    }
}
