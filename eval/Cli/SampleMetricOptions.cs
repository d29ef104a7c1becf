using System.CommandLine;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// Options of the commands that compare two sources' features (kid, prdc, fd-inf): the Inception model, <c>--n</c>
/// (generator samples), <c>--n-ref</c> (dataset cap), <c>--no-cache</c> and the usual source options.
/// </summary>
internal sealed class SampleMetricOptions
{
    public Option<string?> Inception { get; } = EvalOptions.Inception();
    public Option<int?> NRef { get; } = NRefOption();
    public Option<bool> NoCache { get; } = NoCacheOption();
    public Option<int> Dims { get; } = DimsOption();
    public SourceOptions Sources { get; }

    /// <param name="ownSeed">True when the command's <c>--seed</c> is its own (subset or shuffle seed): generator latents then take <c>--latent-seed</c>.</param>
    public SampleMetricOptions(bool ownSeed = false)
    {
        Sources = new SourceOptions
        {
            N = GeneratorN(),
            Seed = ownSeed ? new Option<int>("--latent-seed") { Description = "latent seed for generator sources", DefaultValueFactory = _ => 42 } : EvalOptions.Seed(),
        };
    }

    public IEnumerable<Option> All => [Inception, Dims, NRef, NoCache, .. Sources.All];

    public static Option<int?> GeneratorN() => new("--n") { Description = "samples drawn from a generator source (default 50000)" };
    public static Option<int?> NRefOption() => new("--n-ref") { Description = "use only the first N images of a dataset source (default all)" };
    public static Option<int> DimsOption() => new("--dims")
    {
        Description = "Inception features (pytorch-fid): 64, 192, 768 (earlier blocks) or 2048 (pool3)", DefaultValueFactory = _ => InceptionModel.DefaultDims,
    };
    public static Option<bool> NoCacheOption() => new("--no-cache") { Description = "do not read or write the feature cache of dataset sources" };

    /// <summary>Everything a command needs to read both sources' features.</summary>
    public SampleMetricContext Read(ParseResult p)
    {
        var settings = Sources.Read(p);
        var n = p.GetValue(Sources.N!);
        var nRef = p.GetValue(NRef);
        if (n is < 2) throw new InputException($"--n must be at least 2, got {n}");
        if (nRef is < 2) throw new InputException($"--n-ref must be at least 2, got {nRef}");
        var given = p.GetValue(Inception);
        return new SampleMetricContext(new SourceRunner(settings), new SampleCounts(n, nRef), p.GetValue(NoCache) ? null : FeatureCache.Default(),
            new LazyInception(() => ModelPaths.Resolve(given, ModelPaths.InceptionFile, "--inception"), settings, p.GetValue(Dims)), ProgressReporter.ForConsole());
    }
}

/// <summary>The parsed <see cref="SampleMetricOptions"/> of one invocation.</summary>
internal sealed record SampleMetricContext(SourceRunner Runner, SampleCounts Counts, FeatureCache? Cache, LazyInception Model, ProgressReporter Progress) : IDisposable
{
    /// <summary>Checks every source (and the model, if any source needs it) before anything is scored (issue 12).</summary>
    public void CheckAll(params string[] sources)
    {
        var modelNeeded = sources.Any(s => !ImageSources.IsStatsFile(s) && !SourceFeatures.IsFeaturesFile(s));
        foreach (var s in sources) SourceFeatures.Check(s, Model, Runner, Counts, modelNeeded);
    }

    public FeatureMatrix Features(string source, CancellationToken ct) =>
        SourceFeatures.Features(source, Model, Runner, Counts, Cache, Progress, ct);

    public FeatureStats Stats(string source, CancellationToken ct) =>
        SourceFeatures.Stats(source, Model, Runner, Counts, Cache, Progress, ct);

    /// <summary>Both sources' features, checked to have the same dimension.</summary>
    public (FeatureMatrix A, FeatureMatrix B) Pair(string a, string b, CancellationToken ct)
    {
        CheckAll(a, b);
        var fa = Features(a, ct);
        var fb = Features(b, ct);
        if (fa.Cols != fb.Cols) throw new InputException($"{a}: {fa.Cols}-d features cannot be compared with {b}: {fb.Cols}-d features");
        return (fa, fb);
    }

    public void Dispose() => Model.Dispose();
}
