using System.CommandLine;
using MmaGan.Eval.Evaluation;

namespace MmaGan.Eval.Cli;

/// <summary>
/// Options of the commands that score features of a generated side, against a reference (fid, kid, prdc, fd-inf) or alone (vendi): the feature
/// model (<see cref="FeatureOptions"/>: <c>--features</c>, <c>--feature-model</c>, <c>--inception</c>, <c>--dims</c>, <c>--preprocess</c>),
/// <c>--n</c> (generator samples), <c>--n-ref</c> (dataset cap), <c>--no-cache</c> and the usual source options.
/// </summary>
internal sealed class SampleMetricOptions
{
    public FeatureOptions Features { get; } = new();
    public Option<int?> NRef { get; } = NRefOption();
    public Option<bool> NoCache { get; } = NoCacheOption();
    public SourceOptions Sources { get; }

    /// <param name="latentSeedAlias">The command's <c>--seed</c> was its subset or shuffle seed in earlier versions (kid, fd-inf):
    /// accept their <c>--latent-seed</c> too, and say once on stderr that <c>--seed</c> is the latent seed now.</param>
    public SampleMetricOptions(bool latentSeedAlias = false)
    {
        _latentSeedAlias = latentSeedAlias;
        Sources = new SourceOptions
        {
            N = GeneratorN(),
            Seed = latentSeedAlias ? EvalOptions.Seed(aliases: "--latent-seed") : EvalOptions.Seed(),
        };
    }

    readonly bool _latentSeedAlias;

    public IEnumerable<Option> All => [.. Features.All, NRef, NoCache, .. Sources.All];

    public static Option<int?> GeneratorN() => new("--n") { Description = $"samples drawn from a generator source (default {Shared.Metrics.EvaluationDefaults.GeneratorSamples})" };
    public static Option<int?> NRefOption() => new("--n-ref") { Description = "use only the first N images of a dataset source (default all)" };
    public static Option<int> DimsOption() => new("--dims")
    {
        Description = "Inception features (pytorch-fid): 64, 192, 768 (earlier blocks) or 2048 (pool3)", DefaultValueFactory = _ => InceptionDims.Default,
    };
    public static Option<bool> NoCacheOption() => new("--no-cache") { Description = "do not read or write the feature cache of dataset sources" };

    /// <summary>A generator .onnx, or a run folder (its generator.onnx).</summary>
    static bool MayBeGenerator(string source) =>
        SourceFeatures.IsGenerator(source) || (Directory.Exists(source) && File.Exists(Path.Combine(source, "generator.onnx")));

    /// <summary>The request for <paramref name="metrics"/> of <paramref name="generated"/> against <paramref name="reference"/> (null for vendi, which has none).</summary>
    public EvaluationRequest Request(ParseResult p, IReadOnlyList<string> metrics, string generated, string? reference, MetricOptions metricOptions)
    {
        if (_latentSeedAlias && p.GetResult(Sources.Seed) is { Implicit: false, IdentifierToken.Value: "--seed" })
            Console.Error.WriteLine($"note: --seed is the latent seed of generator sources; the {metrics[0]} seed is --{metrics[0]}-seed");
        // --n counts generator samples only: given where neither side is a generator (two folders, a folder and a reference), it
        // would do nothing, silently.
        if (p.GetValue(Sources.N!) is { } n && !MayBeGenerator(generated) && (reference is null || !MayBeGenerator(reference)))
            Shared.Cli.Warnings.Once($"--n {n}: neither side is a generator, and --n counts generator samples only; --n-ref {n} uses the first {n} images of a dataset source");
        var latent = Sources.LatentSeed(p);
        return new EvaluationRequest
        {
            Metrics = metrics, Generated = generated, Reference = reference,
            FeatureModel = Features.Choice(p),
            N = p.GetValue(Sources.N!), NRef = p.GetValue(NRef),
            Seeds = metricOptions.Seeds(p, latent), Settings = metricOptions.Settings(p),
            Reading = Sources.Reading(p), UseCache = !p.GetValue(NoCache),
        };
    }
}
