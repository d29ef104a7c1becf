using MmaGan.Train.Networks;
using MmaGan.Train.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using Sequential = TorchSharp.Modules.Sequential;

namespace MmaGan.Train.Numerics;

/// <summary>
/// The comparison the start-up check and <c>mmagan-train doctor</c> make: every layer of G on the activations a fixed batch
/// of latents produces, and every layer of D on a fixed batch of images in [−1, 1] (2-D points for the toys; packs of
/// <see cref="NetworkSpec.Pack"/> samples when packing), each forward
/// and backward in train mode (what training runs), and G's layers forward in eval mode (what sampling and the export
/// run), float32 against float64 on the same inputs, on twins of the networks.
/// Layer by layer, because that isolates the kernels: a correct float32 layer is within ~1e-6 of float64, whereas the
/// whole networks' gradients legitimately drift further (at 64×64, G's weight gradients differ by ~1e-2 from float64 with
/// every correct kernel: train-mode BatchNorm and depth amplify rounding), so a whole-network figure cannot tell a wrong
/// kernel from an ill-conditioned network. <paramref name="wholeNetworks"/> adds those figures for information.
/// </summary>
public static class NetworkNumerics
{
    /// <summary>Every layer's discrepancy with the convolutions on <paramref name="path"/> (default: the networks' own path).</summary>
    public static List<LayerDiscrepancy> Measure(NetworkSpec spec, TorchSharp.Modules.Sequential generator,
        TorchSharp.Modules.Sequential discriminator, int batch, ConvBackend? path = null, long seed = 20261129)
    {
        var p = path ?? ConvRoutedSequential.PathOf(generator);
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        var (z, images) = Inputs(spec, batch, gen);
        TorchSharp.Modules.Sequential G() => GeneratorFactory.Create(spec);
        TorchSharp.Modules.Sequential D() => DiscriminatorFactory.Create(spec);
        var results = new List<LayerDiscrepancy>();
        results.AddRange(PrecisionProbe.PerLayer("G", generator, G, z, train: true, (ulong)seed, p));
        results.AddRange(PrecisionProbe.PerLayer("D", discriminator, D, images, train: true, (ulong)seed, p));
        results.AddRange(PrecisionProbe.PerLayer("G(eval)", generator, G, z, train: false, (ulong)seed, p, forwardOnly: true));
        return results;
    }

    /// <summary>The whole networks, forward and backward in train mode: informative only (see the class comment).</summary>
    public static List<LayerDiscrepancy> MeasureWhole(NetworkSpec spec, TorchSharp.Modules.Sequential generator,
        TorchSharp.Modules.Sequential discriminator, int batch, ConvBackend? path = null, long seed = 20261129)
    {
        var p = path ?? ConvRoutedSequential.PathOf(generator);
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        var (z, images) = Inputs(spec, batch, gen);
        return
        [
            .. PrecisionProbe.Whole("G", generator, () => GeneratorFactory.Create(spec), z, train: true, (ulong)seed, p),
            .. PrecisionProbe.Whole("D", discriminator, () => DiscriminatorFactory.Create(spec), images, train: true, (ulong)seed, p),
        ];
    }

    /// <summary>The check's batch: the run's, at most 64 at 32×32 and fewer for larger images (same pixels per batch,
    /// at least 4), which keeps the float64 pass within about a second.</summary>
    public static int CheckBatch(int runBatch, int imageSize) =>
        Math.Max(1, Math.Min(runBatch, imageSize <= 32 ? 64 : Math.Max(4, 64 * 32 * 32 / (imageSize * imageSize))));

    /// <summary>The fixed inputs: latents for G and images in [−1, 1] (toys: points) for D.</summary>
    static (Tensor Z, Tensor Images) Inputs(NetworkSpec spec, int batch, Generator gen)
    {
        var z = randn([batch, spec.LatentSize], generator: gen);
        var toy = spec.Kind.StartsWith("toy", StringComparison.Ordinal);
        // D's input: packs of spec.Pack samples concatenated (PacGAN), i.e. 2·m features or m·C channels.
        long[] sampleShape = toy ? [batch, 2 * spec.Pack] : [batch, spec.Channels * spec.Pack, spec.ImageSize, spec.ImageSize];
        return (z, toy ? randn(sampleShape, generator: gen) * 2 : rand(sampleShape, generator: gen) * 2 - 1);
    }
}
