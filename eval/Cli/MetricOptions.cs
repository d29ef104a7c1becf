using System.CommandLine;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Cli;

/// <summary>
/// Every metric's own options, named the same in <c>run</c> and in the metric's own command (<c>--is-splits</c>,
/// <c>--kid-subset-size</c>, <c>--lpips-pairs</c>, …, as torch-fidelity names them where it has them); a metric's own
/// command also takes the short spellings of earlier versions (<c>kid --subset-size</c>, <c>lpips --n-pairs</c>).
/// Defaults come from <see cref="EvaluationDefaults"/>; a count left out means "the default, or all there are when fewer".
/// </summary>
internal sealed class MetricOptions
{
    readonly List<Option> _all = [];
    readonly HashSet<string> _metrics;

    /// <param name="metrics">The metrics whose options to offer.</param>
    /// <param name="own">The command is the metric's own (<c>kid</c>, not <c>run</c>): add the short spellings as aliases.</param>
    public MetricOptions(IEnumerable<string> metrics, bool own, int? lpipsPairsDefault = null, int? prdcMaxSamplesDefault = null)
    {
        _metrics = [.. metrics];
        string[] A(params string[] aliases) => own ? aliases : [];
        T Add<T>(string metric, T option) where T : Option
        {
            if (_metrics.Contains(metric)) _all.Add(option);
            return option;
        }
        IsSplits = Add("is", new Option<int?>("--is-splits", [.. A("--splits"), "--isc-splits"]) { Description = $"Inception Score splits (default {EvaluationDefaults.IsSplits}, or one per sample when fewer)" });
        IsSeed = Add("is", new Option<long>("--is-seed", A("--rng-seed")) { Description = "seed of the shuffle before the splits (torch-fidelity's RandomState)", DefaultValueFactory = _ => EvaluationDefaults.IsSeed });
        NoShuffle = Add("is", new Option<bool>("--no-shuffle") { Description = "split in source order: no torch-fidelity shuffle" });
        KidSubsets = Add("kid", new Option<int>("--kid-subsets", A("--subsets")) { Description = "KID: number of random subsets", DefaultValueFactory = _ => EvaluationDefaults.KidSubsets });
        KidSubsetSize = Add("kid", new Option<int?>("--kid-subset-size", A("--subset-size")) { Description = $"KID: samples per subset from each side (default {EvaluationDefaults.KidSubsetSize}, or all of the smaller side when fewer)" });
        KidDegree = Add("kid", new Option<int>("--kid-degree", A("--degree")) { Description = "KID: polynomial kernel degree", DefaultValueFactory = _ => EvaluationDefaults.KidDegree });
        KidGamma = Add("kid", new Option<double?>("--kid-gamma", A("--gamma")) { Description = "KID: polynomial kernel γ (default 1/d)" });
        KidCoef0 = Add("kid", new Option<double>("--kid-coef0", A("--coef0")) { Description = "KID: polynomial kernel constant", DefaultValueFactory = _ => EvaluationDefaults.KidCoef0 });
        KidSeed = Add("kid", new Option<long>("--kid-seed", A("--rng-seed")) { Description = "KID: subset seed (numpy RandomState, torch-fidelity's rng_seed)", DefaultValueFactory = _ => EvaluationDefaults.KidSeed });
        PrdcK = Add("prdc", new Option<int>("--prdc-k", A("--k")) { Description = "PRDC: the nearest neighbour defining each sample's radius", DefaultValueFactory = _ => EvaluationDefaults.PrdcK });
        PrdcMaxSamples = Add("prdc", new Option<int?>("--prdc-max-samples")
        {
            Description = "PRDC on the first N samples of each side" + (prdcMaxSamplesDefault is null ? " (default all)" : ""),
            DefaultValueFactory = _ => prdcMaxSamplesDefault,
        });
        FdInfPoints = Add("fd-inf", new Option<int>("--fd-inf-points", A("--points")) { Description = "FD∞: number of sample sizes N to evaluate FID at", DefaultValueFactory = _ => EvaluationDefaults.FdInfPoints });
        FdInfMinN = Add("fd-inf", new Option<int?>("--fd-inf-min-n", A("--min-n")) { Description = $"FD∞: smallest N (default {EvaluationDefaults.FdInfMinN}, or half the generated samples when fewer than twice as many)" });
        FdInfSeed = Add("fd-inf", new Option<long>("--fd-inf-seed") { Description = "FD∞: shuffle seed (as np.random.seed)", DefaultValueFactory = _ => EvaluationDefaults.FdInfSeed });
        VendiQ = Add("vendi", new Option<string>("--vendi-q", A("--q"))
        {
            Description = "Vendi: order q of the Rényi entropy: 1 (Shannon: dgm-eval's and Vendi-Score's default), any q ≥ 0, or inf",
            DefaultValueFactory = _ => "1",
        });
        LpipsPairs = Add("lpips", new Option<int?>("--lpips-pairs", A("--n-pairs"))
        {
            Description = "LPIPS: number of pairs P" + (lpipsPairsDefault is null ? " (default: samples/2)" : ", drawn from the first min(N, 2·P) samples"),
            DefaultValueFactory = _ => lpipsPairsDefault,
        });
        LpipsPairing = Add("lpips", new Option<string>("--lpips-pairing", A("--pairs"))
        {
            Description = "LPIPS: random (distinct pairs drawn with --lpips-seed) or consecutive ((x0,x1),(x2,x3),…)", DefaultValueFactory = _ => EvaluationDefaults.LpipsPairing,
        });
        LpipsPairing.AcceptOnlyFromAmong([.. EvaluationDefaults.LpipsPairings]);
        LpipsSeed = Add("lpips", new Option<int>("--lpips-seed") { Description = "LPIPS: seed of the random pairs", DefaultValueFactory = _ => EvaluationDefaults.LpipsSeed });
    }

    public Option<int?> IsSplits { get; }
    public Option<long> IsSeed { get; }
    public Option<bool> NoShuffle { get; }
    public Option<int> KidSubsets { get; }
    public Option<int?> KidSubsetSize { get; }
    public Option<int> KidDegree { get; }
    public Option<double?> KidGamma { get; }
    public Option<double> KidCoef0 { get; }
    public Option<long> KidSeed { get; }
    public Option<int> PrdcK { get; }
    public Option<int?> PrdcMaxSamples { get; }
    public Option<int> FdInfPoints { get; }
    public Option<int?> FdInfMinN { get; }
    public Option<long> FdInfSeed { get; }
    public Option<string> VendiQ { get; }
    public Option<int?> LpipsPairs { get; }
    public Option<string> LpipsPairing { get; }
    public Option<int> LpipsSeed { get; }

    /// <summary>The options offered, in order.</summary>
    public IEnumerable<Option> All => _all;

    /// <summary>The settings given (or defaulted) for the metrics offered.</summary>
    public MetricSettings Settings(ParseResult p) => new(
        IsSplits: Value(p, IsSplits, null), IsShuffle: !Value(p, NoShuffle, false),
        KidSubsets: Value(p, KidSubsets, EvaluationDefaults.KidSubsets), KidSubsetSize: Value(p, KidSubsetSize, null),
        KidKernel: new PolynomialKernel(Value(p, KidDegree, EvaluationDefaults.KidDegree), Value(p, KidGamma, null), Value(p, KidCoef0, EvaluationDefaults.KidCoef0)),
        PrdcK: Value(p, PrdcK, EvaluationDefaults.PrdcK), PrdcMaxSamples: Value(p, PrdcMaxSamples, null),
        FdInfPoints: Value(p, FdInfPoints, EvaluationDefaults.FdInfPoints), FdInfMinN: Value(p, FdInfMinN, null),
        VendiQ: _all.Contains(VendiQ) ? ParseQ(p.GetValue(VendiQ)!) : EvaluationDefaults.VendiQ,
        LpipsPairs: Value(p, LpipsPairs, null), LpipsPairing: Value(p, LpipsPairing, EvaluationDefaults.LpipsPairing));

    /// <summary>The seeds given (or defaulted), with <paramref name="latent"/> as the latent seed.</summary>
    public EvaluationSeeds Seeds(ParseResult p, int latent) => new(latent,
        IsShuffle: SeedOf(p, IsSeed, EvaluationDefaults.IsSeed), KidSubsets: SeedOf(p, KidSeed, EvaluationDefaults.KidSeed),
        FdInfShuffle: SeedOf(p, FdInfSeed, EvaluationDefaults.FdInfSeed), LpipsPairs: Value(p, LpipsSeed, EvaluationDefaults.LpipsSeed));

    /// <summary>"1", "0.5", "inf": the Vendi score's order.</summary>
    static double ParseQ(string text)
    {
        if (text is "inf" or "infinity") return double.PositiveInfinity;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)) return v;
        throw new Shared.IO.InputException($"--vendi-q {text}: expected a number ≥ 0 or inf");
    }

    /// <summary>An option's value when the command offers it, else the default (a value parsed from an option not added is the type's default).</summary>
    T Value<T>(ParseResult p, Option<T> option, T fallback) => _all.Contains(option) ? p.GetValue(option)! : fallback;

    /// <summary>A seed as numpy's RandomState takes it (0 … 2³²−1).</summary>
    uint SeedOf(ParseResult p, Option<long> option, uint fallback)
    {
        if (!_all.Contains(option)) return fallback;
        var seed = p.GetValue(option);
        return seed is >= 0 and <= uint.MaxValue ? (uint)seed : throw new Shared.IO.InputException($"{option.Name} must be in [0, 4294967295], got {seed}");
    }
}
