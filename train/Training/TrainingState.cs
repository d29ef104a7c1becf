using MmaGan.Train.Config;
using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// Everything a checkpoint holds: G, D, both Adam optimizers, the training RNG and the step counter. Built from a
/// <see cref="TrainConfig"/>; networks are initialised from the seed. The conv nets follow DCGAN's recipe where it
/// applies (<see cref="WeightInit.Dcgan"/>: conv and transposed-conv weights N(0, 0.02), BN γ ~ N(1, 0.02), β = 0); D's
/// Linear head, the first conv's bias and every layer of the 2-D toy MLPs keep PyTorch's default initialisation
/// (Kaiming-uniform weights, uniform biases); PacGAN's toy and Stacked MNIST networks get PacGAN's initialisations
/// (<see cref="WeightInit.PacGan"/>, <see cref="WeightInit.PacGanStackedMnist"/>).
/// </summary>
public sealed class TrainingState : IDisposable
{
    public TrainConfig Config { get; }
    public NetworkSpec Spec { get; }
    public TorchSharp.Modules.Sequential Generator { get; }
    public TorchSharp.Modules.Sequential Discriminator { get; }
    public TorchSharp.Modules.Adam OptimizerG { get; }
    public TorchSharp.Modules.Adam OptimizerD { get; }
    /// <summary>The one source of training randomness (latents, GP interpolation weights); saved in checkpoints.</summary>
    public Generator Rng { get; }
    public IGanMethod Method { get; }
    public Device Device { get; }
    public long Step { get; set; }

    public TrainingState(TrainConfig config, long[] sampleShape, Device device)
    {
        Config = config;
        Device = device;
        var toy = sampleShape.Length == 1;
        Spec = new NetworkSpec(config.ResolvedNet, config.LatentSize,
            toy ? 0 : (int)sampleShape[1], toy ? 0 : (int)sampleShape[0], config.Heads, config.BaseWidth,
            DiscriminatorBatchNorm: config.Method != GanMethod.WganGp && !config.SpectralNorm,
            SpectralNorm: config.SpectralNorm, MbdKernels: config.MinibatchDiscrimination ? config.MbdKernels : 0, MbdDim: config.MbdDim, Pack: config.Pack,
            DSize: config.DSize);
        torch.manual_seed(config.Seed);
        Generator = GeneratorFactory.Create(Spec);
        Discriminator = DiscriminatorFactory.Create(Spec);
        if (Spec.Kind == "stacked-mnist") { WeightInit.PacGanStackedMnist(Generator); WeightInit.PacGanStackedMnist(Discriminator); }
        else if (!toy) { WeightInit.Dcgan(Generator); WeightInit.Dcgan(Discriminator); }
        else if (Spec.Kind == "toy-pacgan") { WeightInit.PacGan(Generator); WeightInit.PacGan(Discriminator); }
        Generator.to(device);
        Discriminator.to(device);
        var wgan = config.Method == GanMethod.WganGp;
        OptimizerG = optim.Adam(Generator.parameters(), config.LrG, config.Beta1, config.Beta2);
        OptimizerD = optim.Adam(Discriminator.parameters(), config.LrD, config.Beta1, config.Beta2);
        Rng = new Generator((ulong)config.Seed, device);
        Method = wgan
            ? new WganGpMethod(Generator, Discriminator, OptimizerG, OptimizerD, config.LatentSize, config.Batch, config.CriticSteps, config.GpWeight, config.Pack)
            : new MmaGanMethod(Generator, Discriminator, OptimizerG, OptimizerD, config.LatentSize, config.Batch, config.DivBatch,
                config.EffectiveLambda, config.Tau, diversityBatch: config.Method == GanMethod.Mma, realTarget: config.LabelSmoothing,
                hiddenFeatures: config.FeatureMatching ? x => DiscriminatorStabilisers.HiddenFeatures(Discriminator, x) : null, pack: config.Pack,
                simultaneous: config.Update == "simultaneous");
    }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        Rng.Dispose();
    }
}
