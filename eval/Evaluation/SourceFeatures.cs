using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Reports;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Evaluation;

/// <summary>What one pass over a source must give: statistics, every feature row, logits.</summary>
public sealed record SourceNeeds(bool Statistics, bool Features, bool Logits)
{
    public bool Any => Statistics || Features || Logits;
    public SourceNeeds Or(SourceNeeds o) => new(Statistics || o.Statistics, Features || o.Features, Logits || o.Logits);
}

/// <summary>What a pass gave (each part present when it was needed).</summary>
public sealed record SourceData(FeatureStats? Statistics, FeatureMatrix? Features, LogitsMatrix? Logits);

/// <summary>Class logits [Rows, Classes], float32 row-major (a model's logits output or a logits .npy).</summary>
public sealed record LogitsMatrix(float[] Data, int Rows, int Classes);

/// <summary>The feature model of one space in one evaluation: its path (for the cache key) resolved, and the session opened, on first use.</summary>
public sealed class LazyFeatureModel(FeatureSpace space, FeatureModelChoice choice, string? path, SourceReading reading) : IDisposable
{
    string? _path;
    IFeatureModel? _model;
    public FeatureSpace Space => space;
    public string Path => _path ??= space.Resolve(path, choice.Preprocess);
    /// <summary>The model file when this evaluation used it (opened it, or keyed the cache by it), else null (two .npz files need no model).</summary>
    public string? UsedPath => _path;
    /// <summary>The output the features come from, known before the model is opened (a cached source needs no session).</summary>
    public string FeatureOutput { get; } = space.FeatureOutputOf(choice);
    public IFeatureModel Model => _model ??= space.OpenChecked(Path, choice, reading);
    public bool IsOpen => _model is not null;
    public void Dispose() => _model?.Dispose();
}

/// <summary>
/// Features, statistics or logits of a SOURCE: a stats .npz (statistics only), a .npy of features or logits, a named
/// reference (<see cref="NamedReferences"/>), a dataset path or spec, or a generator .onnx. Dataset and named sources go
/// through the <see cref="FeatureCache"/> unless it is null (or logits are needed, which are not cached).
/// </summary>
public static class SourceFeatures
{
    public static bool IsArrayFile(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="source"/> is a generator (drawn <c>--n</c> samples) rather than a dataset.</summary>
    public static bool IsGenerator(string source) =>
        !NamedReferences.IsName(source) && !Directory.Exists(source) && source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether reading <paramref name="source"/> runs a feature model (not a .npz or .npy).</summary>
    public static bool NeedsModel(string source) => !ImageSources.IsStatsFile(source) && !IsArrayFile(source);

    /// <summary>How many samples a source gives: <paramref name="n"/> from a generator, the first <paramref name="nRef"/> of a dataset.</summary>
    public static int? CountFor(string source, int? n, int? nRef) => IsGenerator(source) ? n : nRef;

    /// <summary>One pass over <paramref name="source"/> giving what <paramref name="needs"/> asks for.</summary>
    public static SourceData Read(string source, SourceNeeds needs, LazyFeatureModel model, SourceReader reader, int? count, int latentSeed,
        FeatureCache? cache, ProgressReporter progress, CancellationToken cancellation)
    {
        if (ImageSources.IsStatsFile(source))
        {
            if (needs.Features || needs.Logits)
                throw InputException.ForFile(source, $"a statistics .npz holds only mean and covariance; this metric needs the {(needs.Logits ? "logits" : "features")} (a .npy of them, e.g. from `stats --features-out`, a dataset, a named reference or a generator)");
            return new SourceData(StatsFile.Read(source), null, null);
        }
        if (IsArrayFile(source))
        {
            if (needs.Logits && (needs.Features || needs.Statistics))
                throw InputException.ForFile(source, "a .npy holds either features or logits; these metrics need both: give the images or the generator");
            if (needs.Logits) return new SourceData(null, null, ReadLogitsFile(source));
            var f = ReadFeaturesFile(source, count);
            return new SourceData(needs.Statistics ? StatsOf(f) : null, f, null);
        }
        return Extract(source, needs, model, reader, count, latentSeed, cache, progress, cancellation);
    }

    /// <summary>
    /// Checks a SOURCE without scoring it, so that bad input fails before long work: a stats .npz is read (finite,
    /// symmetric) and its dimension compared with the model's; a .npy must exist; a named reference must resolve; any
    /// other source is opened (exists, parses, at least 2 samples) and closed again; the model is loaded when the source needs it.
    /// </summary>
    public static void Check(string source, LazyFeatureModel? model, SourceReader reader, int? count, int latentSeed)
    {
        if (ImageSources.IsStatsFile(source))
        {
            var stats = StatsFile.Read(source);
            if (model is { IsOpen: true } && stats.Dimension != model.Model.FeatureSize)
                throw InputException.ForFile(source, $"{stats.Dimension}-d statistics cannot be compared with the {model.Model.FeatureSize}-d features of {SourceReader.Label(model.Path)}");
            return;
        }
        if (IsArrayFile(source))
        {
            if (!File.Exists(source)) throw InputException.ForFile(source, "no such file");
            return;
        }
        using (var src = Open(source, reader, count, latentSeed))
            if (src.Count < 2) throw InputException.ForFile(source, $"needs at least 2 samples, got {src.Count}");
        if (model is not null) _ = model.Model;
    }

    static IImageSource Open(string source, SourceReader reader, int? count, int latentSeed) =>
        NamedReferences.IsName(source) ? NamedReferences.Resolve(source).Open(count) : reader.Open(source, count, latentSeed);

    /// <summary>Statistics of feature rows (as one extraction pass would accumulate them).</summary>
    public static FeatureStats StatsOf(FeatureMatrix f)
    {
        var g = new GaussianStats(f.Cols);
        g.AddBatch(f.Data.AsSpan(0, f.Rows * f.Cols), f.Rows);
        return new FeatureStats(g.Mean(), g.Covariance(), g.Count, g);
    }

    /// <summary>A float32 or float64 .npy [N, d] of features (the first <paramref name="limit"/> rows, or all).</summary>
    public static FeatureMatrix ReadFeaturesFile(string path, int? limit)
    {
        var (data, rows, cols) = ReadMatrix(path, "features", limit);
        return FeatureMatrix.Of(data, rows, cols);
    }

    /// <summary>A float32 or float64 .npy [N, classes] of logits.</summary>
    public static LogitsMatrix ReadLogitsFile(string path)
    {
        var (data, rows, cols) = ReadMatrix(path, "logits", null);
        return new LogitsMatrix(data, rows, cols);
    }

    static (float[] Data, int Rows, int Cols) ReadMatrix(string path, string what, int? limit)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
        var a = Npy.Read(path);
        if (a.Shape.Length != 2 || a.Shape[1] < 1)
            throw InputException.ForFile(path, $"{what} must be a 2-d array [N, {(what == "logits" ? "classes" : "d")}], is ({string.Join(",", a.Shape)})");
        if (a.Dtype is not ("<f4" or "<f8")) throw InputException.ForFile(path, $"{what} must be float32 or float64, are {a.Dtype}");
        var rows = (int)Math.Min(a.Shape[0], limit ?? int.MaxValue);
        if (rows < 2) throw InputException.ForFile(path, $"needs at least 2 rows of {what}, has {a.Shape[0]}");
        var data = a.AsFloat();
        var bad = NonFinite.FirstIndex(data.AsSpan(0, rows * (int)a.Shape[1]));
        if (bad >= 0) throw InputException.ForFile(path, $"{what} contain NaN or infinite values");
        return (data, rows, (int)a.Shape[1]);
    }

    static SourceData Extract(string source, SourceNeeds needs, LazyFeatureModel model, SourceReader reader, int? count, int latentSeed,
        FeatureCache? cache, ProgressReporter progress, CancellationToken cancellation)
    {
        var named = NamedReferences.IsName(source) ? NamedReferences.Resolve(source) : null;
        using var src = Open(source, reader, count, latentSeed);
        if (src.Count < 2) throw InputException.ForFile(source, $"needs at least 2 samples, got {src.Count}");

        if (cache != null && !IsGenerator(source) && !needs.Logits)
        {
            // A data spec (cifar10:PATH, images:DIR) is keyed by its files, its kind and the side it is read at.
            var spec = named is null ? Shared.Datasets.ImageDataSpec.TryParse(source) : null;
            var files = named?.Files ?? FeatureCache.SourceFiles(spec?.Path ?? source, recursive: spec?.Kind == Shared.Datasets.ImageDataSpec.Images || reader.Reading.Recursive);
            string Preprocessing(int n) => $"n={n};output={model.FeatureOutput};input=rgb[0,1]" + (spec is null ? "" : $";spec={spec.Kind};size={reader.Reading.ImageSize}");
            var (contentHash, modelSha) = (FeatureCache.ContentHash(files), CsvReport.Sha256(model.Path));
            var key = FeatureCache.Key(contentHash, modelSha, Preprocessing(src.Count));
            var cachedStats = cache.TryReadStats(key, src.Count, null);
            var cachedFeatures = needs.Features && cachedStats != null ? cache.TryReadFeatures(key, src.Count, cachedStats.Dimension) : null;
            if (cachedStats != null && (!needs.Features || cachedFeatures != null))
            {
                Console.Error.WriteLine($"cache: features of {source} ({src.Count} images) from {cache.FeaturesPath(key)}");
                return new SourceData(cachedStats, cachedFeatures, null);
            }
            // The first --n-ref images of a source whose every image is cached: the prefix of those features (the sources read in a fixed order).
            if (count is not null && FullCount(source, reader, latentSeed) is var all && all > src.Count)
            {
                var fullKey = FeatureCache.Key(contentHash, modelSha, Preprocessing(all));
                if (cache.TryReadStats(fullKey, all, null) is { } full && cache.TryReadFeatures(fullKey, all, full.Dimension) is { } whole)
                {
                    var prefix = FeatureMatrix.Of(whole.Data[..(src.Count * whole.Cols)], src.Count, whole.Cols);
                    Console.Error.WriteLine($"cache: features of the first {src.Count} of {source}'s {all} images from {cache.FeaturesPath(fullKey)}");
                    return new SourceData(StatsOf(prefix), needs.Features ? prefix : null, null);
                }
            }
            var m = model.Model;
            // The features go to the cache entry as they come (best effort: an unwritable cache warns and runs uncached), and to memory when a metric needs them.
            using var entry = new CacheEntryWriter(cache, key, src.Count, m.FeatureSize);
            var rows = needs.Features ? new FeatureBuffer(src.Count, m.FeatureSize) : null;
            var r = reader.Extract(source, src, m, progress, cancellation, featuresOut: new BothSinks(entry, rows));
            if (entry.Complete(r.Stats, named?.Name ?? Path.GetFullPath(source), model.Path))
                Console.Error.WriteLine($"cache: features of {source} ({src.Count} images) saved to {cache.FeaturesPath(key)}");
            return new SourceData(FeatureStats.Of(r), rows?.Matrix(), null);
        }
        var sink = needs.Features ? new FeatureBuffer(src.Count, model.Model.FeatureSize) : null;
        var result = reader.Extract(source, src, model.Model, progress, cancellation, needs.Logits, sink);
        return new SourceData(FeatureStats.Of(result), sink?.Matrix(),
            result.Logits is { } l ? new LogitsMatrix(l, result.Count, result.LogitsSize!.Value) : null);
    }

    /// <summary>How many images <paramref name="source"/> holds in all (opening it without a limit lists, not reads, them).</summary>
    static int FullCount(string source, SourceReader reader, int latentSeed)
    {
        var r = reader.Reading;
        using var all = NamedReferences.IsName(source) ? NamedReferences.Resolve(source).Open(null)
            : ImageSources.Open(source, null, latentSeed, r.Device, r.OutputRange, r.ImageSize, r.Recursive, log: null, r.Threads);
        return all.Count;
    }

    /// <summary>Feature rows to a cache entry and, when not null, to memory.</summary>
    sealed class BothSinks(IFeatureSink first, IFeatureSink? second) : IFeatureSink
    {
        public void Append(ReadOnlySpan<float> rows)
        {
            first.Append(rows);
            second?.Append(rows);
        }
    }

    /// <summary>Feature rows collected in memory, in source order.</summary>
    sealed class FeatureBuffer(int rows, int cols) : IFeatureSink
    {
        readonly float[] _data = new float[checked(rows * cols)];
        int _written;

        public void Append(ReadOnlySpan<float> values)
        {
            values.CopyTo(_data.AsSpan(_written));
            _written += values.Length;
        }

        public FeatureMatrix Matrix() => _written == _data.Length
            ? FeatureMatrix.Of(_data, rows, cols)
            : throw new InvalidOperationException($"collected {_written} feature values, expected {_data.Length}");
    }
}
