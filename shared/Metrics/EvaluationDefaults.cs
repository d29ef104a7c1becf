namespace MmaGan.Shared.Metrics;

/// <summary>
/// Every default of an evaluation, in one table (as torch-fidelity's <c>defaults.py</c>): the evaluator's commands and
/// requests, and the sweep runner's configs, read them from here, so a default is written once. Seeds have their own
/// names: the latent seed draws a generator's samples; the subset, shuffle and pairing seeds only pick among them.
/// </summary>
public static class EvaluationDefaults
{
    /// <summary>Samples drawn from a generator source (<c>--n</c>).</summary>
    public const int GeneratorSamples = 50_000;
    /// <summary>Images per feature-model call (<c>--batch</c>) on the CPU: pytorch-fid's default; larger batches are not faster on a CPU.</summary>
    public const int Batch = 50;
    /// <summary>
    /// Images per call on CUDA (<c>--device cuda</c>), where a kernel launch costs the same for more images. FID Inception-v3 at
    /// 299×299 holds ≈ 21 MB of activations per image of batch (measured on the CPU: peak RSS of <c>stats</c> at batch 40 minus
    /// batch 10, over 30; docs/benchmarks.md "GPU"), so 100 needs ≈ 2 GB of device memory besides the weights and cuDNN's
    /// workspace, and it divides the usual 50,000 / 10,000 samples: every batch has one shape, so cuDNN's algorithm search
    /// (<see cref="Onnx.CudaProviderSettings"/>) runs once.
    /// </summary>
    public const int CudaBatch = 100;
    /// <summary>The <c>--batch</c> default on <paramref name="device"/> ("cpu", "cuda", "cuda:N").</summary>
    public static int BatchOn(string device) => Onnx.OrtDevice.Parse(device).IsCuda ? CudaBatch : Batch;
    /// <summary>The latent seed (<c>--seed</c>) of every command that draws a generator's samples; equal to the trainer's default seed.</summary>
    public const int LatentSeed = Onnx.StandardNormalLatents.DefaultSeed;
    /// <summary>The metrics of <c>run</c> when <c>--metrics</c> is not given.</summary>
    public const string RunMetrics = "fid,is,lpips";

    /// <summary>Inception Score splits (<c>--is-splits</c>; fewer samples than splits: one split per sample).</summary>
    public const int IsSplits = 10;
    /// <summary>Seed of torch-fidelity's shuffle before the IS splits (<c>--is-seed</c>; its <c>rng_seed</c>).</summary>
    public const uint IsSeed = 2020;

    /// <summary>KID subsets and samples per subset from each side (<c>--kid-subsets</c>, <c>--kid-subset-size</c>; fewer samples: all of them).</summary>
    public const int KidSubsets = 100, KidSubsetSize = 1000;
    /// <summary>Seed of KID's subset choice (<c>--kid-seed</c>; torch-fidelity's <c>rng_seed</c>).</summary>
    public const uint KidSeed = 2020;
    /// <summary>KID's polynomial kernel (x·y/d·γ + coef0)^degree, γ = 1/d by default.</summary>
    public const int KidDegree = 3;
    public const double KidCoef0 = 1;

    /// <summary>PRDC's k-th nearest neighbour (<c>--prdc-k</c>, clovaai prdc's nearest_k).</summary>
    public const int PrdcK = 5;
    /// <summary><c>run</c> scores PRDC on the first this-many samples of each side (<c>--prdc-max-samples</c>; the pairwise distances grow as N²).</summary>
    public const int RunPrdcMaxSamples = 10_000;

    /// <summary>FD∞'s sample sizes: <c>--fd-inf-points</c> values of N from <c>--fd-inf-min-n</c> (fewer than twice as many samples: half of them).</summary>
    public const int FdInfPoints = 15, FdInfMinN = 5000;
    /// <summary>Seed of FD∞'s shuffle (<c>--fd-inf-seed</c>; FID_IS_infinity's <c>np.random.seed</c>).</summary>
    public const uint FdInfSeed = 0;

    /// <summary>Order q of the Vendi score's entropy (<c>--vendi-q</c>): 1 = Shannon, dgm-eval's and Vendi-Score's default.</summary>
    public const double VendiQ = 1;

    /// <summary>LPIPS pairs of <c>run</c> (<c>--lpips-pairs</c>), drawn from its first 2·P samples.</summary>
    public const int LpipsPairs = 1000;
    /// <summary>Samples <c>lpips</c> draws from a generator when <c>--n</c> is not given (then P = 1,000 pairs, as <c>run</c>).</summary>
    public const int LpipsGeneratorSamples = 2 * LpipsPairs;
    /// <summary>How LPIPS pairs samples (<c>--lpips-pairing</c>): <c>random</c> or <c>consecutive</c>.</summary>
    public const string LpipsPairing = "random";
    public static readonly IReadOnlyList<string> LpipsPairings = ["random", "consecutive"];
    /// <summary>Seed of the random LPIPS pairs (<c>--lpips-seed</c>; the latent seed's default, so the pairs of earlier versions stay).</summary>
    public const int LpipsSeed = LatentSeed;

    /// <summary>Samples whose modes <c>modes</c> counts from a generator, and of the Stacked MNIST reference stream (PacGAN's 25,600).</summary>
    public const int ModeSamples = Datasets.StackedMnist.DefaultReferenceCount;

    /// <summary>Samples of a 2-D toy generator (<c>toy --n</c>; the trainer's metrics.csv uses as many).</summary>
    public const int ToySamples = Toy.ToyMetrics.DefaultSamples;
}
