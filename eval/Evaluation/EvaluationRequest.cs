using MmaGan.Eval.Metrics;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// One evaluation: which metrics (by their <see cref="MetricRegistry"/> names), of which generated source against which
/// reference, in which feature space, with which seeds and settings. Every default comes from <see cref="EvaluationDefaults"/>;
/// a command builds a request from its flags and hands it to <see cref="Evaluator.Evaluate"/>.
/// </summary>
public sealed record EvaluationRequest
{
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>The generated side: a generator .onnx, a dataset, a features/logits .npy or (FID) a stats .npz.</summary>
    public string? Generated { get; init; }

    /// <summary>The reference side (for the metrics that have one): a stats .npz, a named reference (cifar10-train, …), a
    /// dataset, a features .npy or a generator .onnx; for the toy metric, the mixture (ring8, grid25, ring8-pacgan).</summary>
    public string? Reference { get; init; }

    /// <summary>The feature space of the metrics that do not fix their own (FID, KID, PRDC, FD∞, Vendi; the Inception Score
    /// always reads the Inception's logits, <see cref="EvaluationInputs.SpaceOf"/>).</summary>
    public FeatureModelChoice FeatureModel { get; init; } = new();

    /// <summary>Model files of the other spaces that metrics read (space name → path: the Inception of IS when the request's
    /// space is another, the digit classifier of modes); absent: the models folder's.</summary>
    public IReadOnlyDictionary<string, string> FeatureModelPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>The LPIPS network (null: models/lpips-alex.onnx).</summary>
    public string? LpipsModel { get; init; }

    /// <summary>Samples drawn from a generator source (null: <see cref="EvaluationDefaults.GeneratorSamples"/>).</summary>
    public int? N { get; init; }

    /// <summary>Only the first this-many images of a dataset source (null: all).</summary>
    public int? NRef { get; init; }

    public EvaluationSeeds Seeds { get; init; } = new();

    public MetricSettings Settings { get; init; } = new();

    public SourceReading Reading { get; init; } = new();

    /// <summary>Read and write the feature cache of dataset sources (<see cref="Features.FeatureCache"/>).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>The feature cache's folder (null: $XDG_CACHE_HOME/mmagan, else ~/.cache/mmagan).</summary>
    public string? CacheFolder { get; init; }
}

/// <summary>
/// The feature space (<see cref="FeatureSpaces"/>), its model file (null: the models folder's file of <paramref name="Preprocess"/>),
/// for Inception the feature block (<c>--dims</c>), and the preprocessing convention the model must record (null: any when a
/// file is given, else the space's default: legacy-pytorch, dgm-eval, clean-fid-clip).
/// </summary>
public sealed record FeatureModelChoice(string Space = "inception", string? Path = null, int Dims = InceptionDims.Default, string? Preprocess = null);

/// <summary>pytorch-fid's feature dimensions.</summary>
public static class InceptionDims
{
    public const int Default = Features.InceptionModel.DefaultDims;
}

/// <summary>
/// The seeds of an evaluation, each under its own name: <see cref="Latent"/> draws a generator's samples (the same
/// samples in every command); the others only choose among samples already drawn.
/// </summary>
/// <param name="IsShuffle">The permutation before the Inception Score splits (torch-fidelity's RandomState(2020)).</param>
/// <param name="KidSubsets">KID's subset choice (numpy RandomState).</param>
/// <param name="FdInfShuffle">FD∞'s shuffle (np.random.seed).</param>
/// <param name="LpipsPairs">The random LPIPS pairs (MT19937, as numpy's RandomState).</param>
public sealed record EvaluationSeeds(int Latent = EvaluationDefaults.LatentSeed, uint IsShuffle = EvaluationDefaults.IsSeed,
    uint KidSubsets = EvaluationDefaults.KidSeed, uint FdInfShuffle = EvaluationDefaults.FdInfSeed, int LpipsPairs = EvaluationDefaults.LpipsSeed);

/// <summary>
/// Each metric's own settings. A null count means "the default, or all the samples there are when fewer" (with one line
/// on stderr saying so); a value given is used as given, and refused when the samples do not allow it.
/// </summary>
/// <param name="IsSplits">Inception Score splits (null: 10, or one per sample when fewer).</param>
/// <param name="IsShuffle">Shuffle before splitting, as torch-fidelity does.</param>
/// <param name="KidSubsetSize">Samples per KID subset from each side (null: 1,000, or all of the smaller side).</param>
/// <param name="PrdcMaxSamples">PRDC on the first this-many samples of each side (null: all).</param>
/// <param name="FdInfMinN">FD∞'s smallest N (null: 5,000, or half the generated samples when fewer than 10,000).</param>
/// <param name="VendiQ">Order of the Vendi score's entropy (1: Shannon; +∞ allowed).</param>
/// <param name="LpipsPairs">LPIPS pairs (null: half the samples).</param>
/// <param name="LpipsSamples">LPIPS on the first this-many samples of the generated side (null: all).</param>
/// <param name="ToySamples">Samples of a 2-D toy generator.</param>
public sealed record MetricSettings(
    int? IsSplits = null, bool IsShuffle = true,
    int KidSubsets = EvaluationDefaults.KidSubsets, int? KidSubsetSize = null, PolynomialKernel? KidKernel = null,
    int PrdcK = EvaluationDefaults.PrdcK, int? PrdcMaxSamples = null,
    int FdInfPoints = EvaluationDefaults.FdInfPoints, int? FdInfMinN = null,
    double VendiQ = EvaluationDefaults.VendiQ,
    int? LpipsPairs = null, string LpipsPairing = EvaluationDefaults.LpipsPairing, int? LpipsSamples = null,
    int ToySamples = EvaluationDefaults.ToySamples);
