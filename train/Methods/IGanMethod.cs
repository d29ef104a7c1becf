using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// One training step of a GAN objective: updates D (or the critic) and then G. The training loop does not know which
/// method it runs; it passes a function returning the next real batch and a generator for all randomness.
/// </summary>
public interface IGanMethod
{
    /// <summary>Real batches consumed per step (1, or the critic steps for WGAN-GP).</summary>
    int RealBatchesPerStep { get; }

    StepResult Step(Func<Tensor> nextRealBatch, Generator rng);
}
