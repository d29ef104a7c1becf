using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Reports;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Cli;

/// <summary>How many samples each kind of source gives: <c>--n</c> for a generator (default 50,000), <c>--n-ref</c> for a dataset (default all).</summary>
internal sealed record SampleCounts(int? Generator, int? Dataset)
{
    public static SampleCounts Same(int? n) => new(n, n);
}

/// <summary>The Inception model of a command: its path (for the cache key) and the session, opened on first use.</summary>
internal sealed class LazyInception(Func<string> resolvePath, SourceSettings settings, int dims = InceptionModel.DefaultDims) : IDisposable
{
    string? _path;
    InceptionModel? _model;
    public string Path => _path ??= resolvePath();
    /// <summary>The feature output used (pool3, or pool64/pool192/pool768 for <c>--dims</c>).</summary>
    public string FeatureOutput { get; } = InceptionModel.OutputFor(dims);
    public InceptionModel Model => _model ??= new InceptionModel(Path, settings.Device, settings.Threads, dims: dims);
    public void Dispose() => _model?.Dispose();
}

/// <summary>
/// Features (all rows) or Gaussian statistics of a SOURCE argument: a features .npy [N, d] (features only), a named
/// reference (<see cref="NamedReferences"/>), a dataset path, or a generator .onnx. Dataset and named sources go
/// through the <see cref="FeatureCache"/> unless it is null (<c>--no-cache</c>).
/// </summary>
internal static class SourceFeatures
{
    public static bool IsFeaturesFile(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>All feature rows of <paramref name="source"/> (at least 2).</summary>
    public static FeatureMatrix Features(string source, LazyInception model, SourceRunner runner, SampleCounts counts,
        FeatureCache? cache, ProgressReporter progress, CancellationToken cancellation)
    {
        if (IsFeaturesFile(source)) return ReadFeaturesFile(source, counts.Dataset);
        if (ImageSources.IsStatsFile(source))
            throw InputException.ForFile(source, "a statistics .npz holds only mean and covariance; this metric needs the features (a features .npy from `stats --features-out`, or the images)");
        return Extract(source, model, runner, counts, cache, wantFeatures: true, progress, cancellation).Features!;
    }

    /// <summary>
    /// Checks a SOURCE argument without scoring it (issue 12, fail fast): a stats .npz is read (finite, symmetric) and its
    /// dimension compared with the model's; a features .npy must exist; a named reference must resolve; any other source
    /// is opened (exists, parses, at least 2 samples) and closed again; the model is loaded when the source needs it.
    /// </summary>
    public static void Check(string source, LazyInception model, SourceRunner runner, SampleCounts counts, bool modelNeeded = true)
    {
        if (ImageSources.IsStatsFile(source))
        {
            var stats = StatsFile.Read(source);
            if (modelNeeded && stats.Dimension != model.Model.FeatureSize)
                throw InputException.ForFile(source, $"{stats.Dimension}-d statistics cannot be compared with the {model.Model.FeatureSize}-d features of the Inception model");
            return;
        }
        if (IsFeaturesFile(source))
        {
            if (!File.Exists(source)) throw InputException.ForFile(source, "no such file");
            return;
        }
        var named = NamedReferences.IsName(source) ? NamedReferences.Resolve(source) : null;
        var isGenerator = named == null && !Directory.Exists(source) && source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        using (var src = named?.Open(counts.Dataset) ?? runner.Open(source, isGenerator ? counts.Generator : counts.Dataset))
            if (src.Count < 2) throw InputException.ForFile(source, $"needs at least 2 samples, got {src.Count}");
        _ = model.Model;
    }

    /// <summary>Mean and covariance of <paramref name="source"/> (a stats .npz is read as is).</summary>
    public static FeatureStats Stats(string source, LazyInception model, SourceRunner runner, SampleCounts counts,
        FeatureCache? cache, ProgressReporter progress, CancellationToken cancellation)
    {
        if (ImageSources.IsStatsFile(source)) return StatsFile.Read(source);
        if (IsFeaturesFile(source)) return StatsOf(ReadFeaturesFile(source, counts.Dataset));
        return Extract(source, model, runner, counts, cache, wantFeatures: false, progress, cancellation).Stats;
    }

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
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
        var a = Npy.Read(path);
        if (a.Shape.Length != 2 || a.Shape[1] < 1)
            throw InputException.ForFile(path, $"features must be a 2-d array [N, d], is ({string.Join(",", a.Shape)})");
        if (a.Dtype is not ("<f4" or "<f8")) throw InputException.ForFile(path, $"features must be float32 or float64, are {a.Dtype}");
        var rows = (int)Math.Min(a.Shape[0], limit ?? int.MaxValue);
        if (rows < 2) throw InputException.ForFile(path, $"needs at least 2 feature rows, has {a.Shape[0]}");
        var data = a.AsFloat();
        foreach (var v in data.AsSpan(0, rows * (int)a.Shape[1]))
            if (!float.IsFinite(v)) throw InputException.ForFile(path, "features contain NaN or infinite values");
        return FeatureMatrix.Of(data, rows, (int)a.Shape[1]);
    }

    sealed record Extracted(FeatureStats Stats, FeatureMatrix? Features);

    static Extracted Extract(string source, LazyInception model, SourceRunner runner, SampleCounts counts, FeatureCache? cache,
        bool wantFeatures, ProgressReporter progress, CancellationToken cancellation)
    {
        var named = NamedReferences.IsName(source) ? NamedReferences.Resolve(source) : null;
        var isGenerator = named == null && !Directory.Exists(source) && source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        using var src = named?.Open(counts.Dataset) ?? runner.Open(source, isGenerator ? counts.Generator : counts.Dataset);
        if (src.Count < 2) throw InputException.ForFile(source, $"needs at least 2 samples, got {src.Count}");

        if (cache != null && !isGenerator)
        {
            var files = named?.Files ?? FeatureCache.SourceFiles(source);
            var key = FeatureCache.Key(FeatureCache.ContentHash(files), CsvReport.Sha256(model.Path), $"n={src.Count};output={model.FeatureOutput};input=rgb[0,1]");
            var cachedStats = cache.TryReadStats(key, src.Count, null);
            var cachedFeatures = wantFeatures && cachedStats != null ? cache.TryReadFeatures(key, src.Count, cachedStats.Dimension) : null;
            if (cachedStats != null && (!wantFeatures || cachedFeatures != null))
            {
                Console.Error.WriteLine($"cache: features of {source} ({src.Count} images) from {cache.FeaturesPath(key)}");
                return new Extracted(cachedStats, cachedFeatures);
            }
            var m = model.Model;
            using (var writer = new StreamingNpyWriter(cache.FeaturesPath(key), src.Count, m.FeatureSize))
            {
                var r = runner.Extract(source, src, m, progress, cancellation, featuresOut: writer);
                writer.Complete();
                cache.Complete(key, r.Stats, named?.Name ?? Path.GetFullPath(source), model.Path);
                Console.Error.WriteLine($"cache: features of {source} ({src.Count} images) saved to {cache.FeaturesPath(key)}");
                return new Extracted(FeatureStats.Of(r), wantFeatures ? cache.TryReadFeatures(key, src.Count, m.FeatureSize) : null);
            }
        }
        if (!wantFeatures) return new Extracted(FeatureStats.Of(runner.Extract(source, src, model.Model, progress, cancellation)), null);
        var tmp = Path.Combine(Path.GetTempPath(), $"mmagan-features-{Environment.ProcessId}-{Guid.NewGuid():N}.npy");
        try
        {
            ExtractionResult r;
            using (var writer = new StreamingNpyWriter(tmp, src.Count, model.Model.FeatureSize))
            {
                r = runner.Extract(source, src, model.Model, progress, cancellation, featuresOut: writer);
                writer.Complete();
            }
            var a = Npy.Read(tmp);
            return new Extracted(FeatureStats.Of(r), FeatureMatrix.Of(a.AsFloat(), r.Count, model.Model.FeatureSize));
        }
        finally { try { File.Delete(tmp); } catch (IOException) { } }
    }
}
