using static TorchSharp.torch;

namespace MmaGan.Train.Data;

/// <summary>
/// Real training samples: images [B,C,H,W] in [−1,1] or 2-D points [B,2]. Batches depend only on the step index
/// (and the seed), so a resumed run sees exactly the batches an uninterrupted run sees.
/// </summary>
public interface IBatchSource : IDisposable
{
    /// <summary>Human-readable description, e.g. "cifar10 (5,085 images, 3×32×32)".</summary>
    string Description { get; }

    /// <summary>Samples per epoch (for toys a nominal 100 batches).</summary>
    long EpochSize { get; }

    /// <summary>Shape of one sample: [C,H,W] or [2].</summary>
    long[] SampleShape { get; }

    /// <summary>The <paramref name="index"/>-th batch of the run (0, 1, 2…), of <paramref name="batchSize"/> samples.</summary>
    Tensor Batch(long index, int batchSize);
}
