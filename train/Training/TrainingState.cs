using MmaGan.Train.Config;
using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Training;

/// <summary>
/// Everything a checkpoint holds: G, D, both Adam optimizers, the training RNG and the step counter. Built from a
/// <see cref="TrainConfig"/> (networks initialised from the seed as in DCGAN: N(0, 0.02) weights, BN γ ~ N(1, 0.02)).
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
        Spec = new NetworkSpec(toy ? (config.ToyNet == "pacgan" ? "toy-pacgan" : "toy") : "conv", config.LatentSize, toy ? 0 : (int)sampleShape[1],
            toy ? 0 : (int)sampleShape[0], config.Heads, config.BaseWidth, CriticNorm: config.Method != GanMethod.WganGp, Pack: config.Pack);
        torch.manual_seed(config.Seed);
        Generator = GeneratorFactory.Create(Spec);
        Discriminator = DiscriminatorFactory.Create(Spec);
        if (!toy) { WeightInit.Dcgan(Generator); WeightInit.Dcgan(Discriminator); }
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
                config.EffectiveLambda, config.Tau, diversityBatch: config.Method == GanMethod.Mma, pack: config.Pack);
    }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        Rng.Dispose();
    }
}
