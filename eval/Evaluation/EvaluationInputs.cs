using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// Everything the metrics of one request read, prepared by <see cref="Evaluator"/>: the checked sources, the models
/// (opened once), and — after <see cref="Prepare"/> — one pass per side and feature space giving the statistics,
/// features and logits that any of the metrics consumes (<see cref="MetricDescriptor.Generated"/>, <see cref="MetricDescriptor.Reference"/>).
/// </summary>
public sealed class EvaluationInputs : IDisposable
{
    readonly Dictionary<string, LazyFeatureModel> _models = new(StringComparer.Ordinal);
    readonly Dictionary<string, SourceData> _generated = new(StringComparer.Ordinal), _reference = new(StringComparer.Ordinal);
    readonly FeatureCache? _cache;
    LpipsModel? _lpips;

    EvaluationInputs(EvaluationRequest request, IReadOnlyList<IMetric> metrics, ProgressReporter progress)
    {
        Request = request;
        Metrics = metrics;
        Progress = progress;
        Reader = new SourceReader(request.Reading);
        _cache = !request.UseCache ? null : request.CacheFolder is { } folder ? new FeatureCache(folder) : FeatureCache.Default();
    }

    public EvaluationRequest Request { get; }
    public IReadOnlyList<IMetric> Metrics { get; }
    public ProgressReporter Progress { get; }
    public SourceReader Reader { get; }

    /// <summary>The generated side as given (<see cref="EvaluationRequest.Generated"/>).</summary>
    public string Generated => Request.Generated ?? throw new InvalidOperationException("no generated source");
    /// <summary>The reference side as given (<see cref="EvaluationRequest.Reference"/>).</summary>
    public string Reference => Request.Reference ?? throw new InvalidOperationException("no reference source");

    /// <summary>The generator's metadata (method, k, step, …) when the generated side is a generator .onnx, else empty.</summary>
    public IReadOnlyDictionary<string, string> GeneratorMetadata { get; private set; } = new Dictionary<string, string>();

    /// <summary>The LPIPS network (opened during the checks when a metric needs it).</summary>
    public LpipsModel Lpips => _lpips ?? throw new InvalidOperationException("no LPIPS metric requested");

    /// <summary>The models this evaluation ran (for reports: path, and whether the weights are the official ones).</summary>
    public IReadOnlyList<ModelUse> ModelsUsed =>
    [
        .. _models.Values.Where(m => m.IsOpen).Select(m => new ModelUse(m.Space.Name, m.Path, m.Model.Provenance)),
        .. _lpips is { } l ? new[] { new ModelUse("lpips", l.Path, l.Provenance) } : [],
    ];

    /// <summary>How many samples the generated side gives: <c>--n</c> of a generator, the first <c>--n-ref</c> of a dataset.</summary>
    public int? GeneratedCount => SourceFeatures.CountFor(Generated, Request.N, Request.NRef);
    int? ReferenceCount => SourceFeatures.CountFor(Reference, Request.N, Request.NRef);

    /// <summary>The feature space a metric reads: its own, or the request's; a metric of a classifier's logits that fixes no space
    /// (the Inception Score) reads the Inception's whatever the request's space (DINOv2 and CLIP networks classify nothing).</summary>
    public string SpaceOf(MetricDescriptor m) =>
        m.FeatureSpace ?? (m.Generated is MetricInput.Logits or MetricInput.ClassProbabilities ? FeatureSpaces.Inception.Name : Request.FeatureModel.Space);

    /// <summary>What the pass over the generated side gave for <paramref name="metric"/>'s feature space.</summary>
    public SourceData GeneratedData(MetricDescriptor metric) => _generated[SpaceOf(metric)];

    /// <summary>What the passes over one side gave for the request's own feature space (else any space), or null before
    /// <see cref="Prepare"/> or when that side was not read through a feature model.</summary>
    public SourceData? PreparedData(bool reference, bool ownSpaceOnly = false)
    {
        var sides = reference ? _reference : _generated;
        return sides.GetValueOrDefault(Request.FeatureModel.Space) ?? (ownSpaceOnly ? null : sides.Values.FirstOrDefault());
    }

    /// <summary>The model of the request's own feature space when this evaluation opened or resolved it (null: no metric read it).</summary>
    public LazyFeatureModel? RequestModel => _models.GetValueOrDefault(Request.FeatureModel.Space);

    /// <summary>What the pass over the reference side gave for <paramref name="metric"/>'s feature space.</summary>
    public SourceData ReferenceData(MetricDescriptor metric) => _reference[SpaceOf(metric)];

    /// <summary>Opens the generated side again (the first <paramref name="limit"/> samples, or all): LPIPS reads the images.</summary>
    public IImageSource OpenGenerated(int? limit)
    {
        var count = GeneratedCount is { } c && limit is { } l ? Math.Min(c, l) : GeneratedCount ?? limit;
        if (SourceFeatures.IsGenerator(Generated)) return Reader.OpenGenerator(Generated, count ?? EvaluationDefaults.GeneratorSamples, Request.Seeds.Latent);
        return NamedReferences.IsName(Generated) ? NamedReferences.Resolve(Generated).Open(count) : Reader.Open(Generated, count, Request.Seeds.Latent);
    }

    /// <summary>
    /// Checks the whole request before anything is scored, so that bad input fails in one line before long work: the
    /// metric names and settings, that each side a metric needs is given and of a kind it can read, the model files,
    /// and every source (opened and closed again, the models loaded). <paramref name="generatedMayBeMissing"/>: a generator
    /// that does not exist yet (a sweep checks its runs' evaluations before training them) is not opened.
    /// </summary>
    public static EvaluationInputs Open(EvaluationRequest request, ProgressReporter progress, bool generatedMayBeMissing = false, bool loadModels = true)
    {
        request = request with { Generated = request.Generated is { } g ? ImageSources.Resolve(g) : null, Reference = request.Reference is { } r ? ImageSources.Resolve(r) : null };
        if (request.Metrics.Count == 0) throw new InputException($"--metrics: no metric given (expected some of {string.Join(", ", MetricRegistry.Names)})");
        var metrics = request.Metrics.Distinct().Select(MetricImplementations.Get).ToList();
        foreach (var m in metrics) m.Check(request);
        if (request.N is < 2 and var n) throw new InputException($"--n must be at least 2, got {n}");
        if (request.NRef is < 2 and var nRef) throw new InputException($"--n-ref must be at least 2, got {nRef}");
        if (request.Generated is null) throw new InputException("no generated source given");
        var descriptors = metrics.Select(m => m.Descriptor).ToList();
        if (descriptors.FirstOrDefault(d => d.NeedsReference) is { } needing && request.Reference is null)
            throw new InputException($"{needing.Name} needs a reference (--reference)");
        var inputs = new EvaluationInputs(request, metrics, progress);
        try
        {
            inputs.CheckSources(generatedMayBeMissing, loadModels);
            return inputs;
        }
        catch { inputs.Dispose(); throw; }
    }

    void CheckSources(bool generatedMayBeMissing, bool loadModels)
    {
        var descriptors = Metrics.Select(m => m.Descriptor).ToList();
        var imageMetrics = descriptors.Where(d => d.Generated != MetricInput.ToySamples).ToList();
        if (imageMetrics.Count == 0) return;   // the toy metric reads its generator itself
        foreach (var space in imageMetrics.Where(d => d.NeedsFeatureModel).Select(SpaceOf).Distinct())
        {
            var (g, r) = (NeedsOf(space, reference: false), NeedsOf(space, reference: true));
            SourceKinds.Check(Generated, g);
            if (r.Any) SourceKinds.Check(Reference, r);
            if (SourceFeatures.NeedsModel(Generated) || (r.Any && SourceFeatures.NeedsModel(Reference))) _ = ModelOf(space).Path;
        }
        string? lpipsPath = null;
        if (descriptors.Any(d => d.Generated == MetricInput.ImagePairs))
        {
            if (!SourceFeatures.NeedsModel(Generated)) throw InputException.ForFile(Generated, "LPIPS diversity needs the images (a dataset or a generator), not a .npy or .npz");
            lpipsPath = ModelPaths.Resolve(Request.LpipsModel, ModelPaths.LpipsFile, "--lpips");
        }
        if (!loadModels) return;
        // The generated side first (it exists, is a generator or dataset of at least 2 samples), then the reference, then the
        // models, then the statistics files against the models' dimension.
        if (!(generatedMayBeMissing && SourceFeatures.IsGenerator(Generated) && !File.Exists(Generated)))
        {
            if (!ImageSources.IsStatsFile(Generated) || _models.Count == 0) SourceFeatures.Check(Generated, null, Reader, GeneratedCount, Request.Seeds.Latent);
            if (SourceFeatures.IsGenerator(Generated))
                using (var g = Reader.OpenGenerator(Generated, 2, Request.Seeds.Latent)) GeneratorMetadata = g.Generator.Metadata;
        }
        foreach (var (space, model) in _models)
        {
            var referenceRead = NeedsOf(space, reference: true).Any;
            if (referenceRead && !ImageSources.IsStatsFile(Reference)) SourceFeatures.Check(Reference, null, Reader, ReferenceCount, Request.Seeds.Latent);
            _ = model.Model;
            if (ImageSources.IsStatsFile(Generated)) SourceFeatures.Check(Generated, model, Reader, null, 0);
            if (referenceRead && ImageSources.IsStatsFile(Reference)) SourceFeatures.Check(Reference, model, Reader, null, 0);
        }
        if (lpipsPath != null) _lpips = Reader.Lpips(lpipsPath);
    }

    /// <summary>What the metrics reading <paramref name="space"/> need from one side.</summary>
    SourceNeeds NeedsOf(string space, bool reference)
    {
        var needs = new SourceNeeds(false, false, false);
        foreach (var d in Metrics.Select(m => m.Descriptor).Where(d => d.NeedsFeatureModel && SpaceOf(d) == space))
            if ((reference ? d.Reference : d.Generated) is { } input) needs = needs.Or(SourceKinds.NeedsFor(input));
        return needs;
    }

    LazyFeatureModel ModelOf(string space)
    {
        if (_models.TryGetValue(space, out var m)) return m;
        var choice = space == Request.FeatureModel.Space ? Request.FeatureModel : new FeatureModelChoice(space);
        var path = space == Request.FeatureModel.Space ? Request.FeatureModel.Path : Request.FeatureModelPaths.GetValueOrDefault(space);
        return _models[space] = new LazyFeatureModel(FeatureSpaces.Get(space), choice, path, Request.Reading);
    }

    /// <summary>One pass over each side for each feature space the metrics read (the generated side first).</summary>
    public void Prepare(CancellationToken cancellation)
    {
        foreach (var space in Metrics.Select(m => m.Descriptor).Where(d => d.NeedsFeatureModel).Select(SpaceOf).Distinct())
        {
            var model = ModelOf(space);
            _generated[space] = SourceFeatures.Read(Generated, NeedsOf(space, reference: false), model, Reader, GeneratedCount, Request.Seeds.Latent,
                SourceFeatures.IsGenerator(Generated) ? null : _cache, Progress, cancellation);
            var r = NeedsOf(space, reference: true);
            if (r.Any) _reference[space] = SourceFeatures.Read(Reference, r, model, Reader, ReferenceCount, Request.Seeds.Latent, _cache, Progress, cancellation);
        }
    }

    public void Dispose()
    {
        foreach (var m in _models.Values) m.Dispose();
        _lpips?.Dispose();
    }
}

/// <summary>Which kinds of SOURCE can give what a metric consumes.</summary>
static class SourceKinds
{
    public static SourceNeeds NeedsFor(MetricInput input) => input switch
    {
        MetricInput.Statistics => new(true, false, false),
        MetricInput.Features => new(false, true, false),
        MetricInput.Logits or MetricInput.ClassProbabilities => new(false, false, true),
        _ => new(false, false, false),
    };

    /// <summary>Refuses a stats .npz where features or logits are needed, and a .npy where both are (before anything runs).</summary>
    public static void Check(string source, SourceNeeds needs)
    {
        if (ImageSources.IsStatsFile(source) && (needs.Features || needs.Logits))
            throw InputException.ForFile(source, $"holds only mean and covariance; {(needs.Logits ? "the Inception Score needs logits" : "kid, prdc and fd-inf need features")} (a dataset, a named reference, a generator or a .npy of them)");
        if (SourceFeatures.IsArrayFile(source) && needs.Logits && (needs.Features || needs.Statistics))
            throw InputException.ForFile(source, "a .npy holds either features or logits; these metrics need both: give the images or the generator");
    }
}

/// <summary>A model an evaluation ran: its role (a feature space, or lpips), file, and whether it was built from the official weights.</summary>
public sealed record ModelUse(string Role, string Path, MmaGan.Models.Fetch.Provenance Provenance);
