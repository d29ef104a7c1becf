using MmaGan.Eval.Metrics;

namespace MmaGan.Eval.Features;

/// <summary>
/// The features of a new <see cref="FeatureCache"/> entry, streamed into the cache batch by batch as they are computed —
/// best effort: the cache only saves time, so a folder that cannot be written (a file where the folder should be, read-only,
/// a full disk) warns once (<see cref="FeatureCache.Disable"/>), leaves nothing of the entry behind, and the evaluation goes on
/// uncached with the same numbers.
/// </summary>
public sealed class CacheEntryWriter : IFeatureSink, IDisposable
{
    readonly FeatureCache _cache;
    readonly string _key;
    readonly bool _rootExisted;
    StreamingNpyWriter? _writer;

    public CacheEntryWriter(FeatureCache cache, string key, long rows, int cols)
    {
        _cache = cache;
        _key = key;
        if (!cache.Usable) return;
        _rootExisted = Directory.Exists(cache.Root);
        try { _writer = new StreamingNpyWriter(cache.FeaturesPath(key), rows, cols); }
        catch (Exception e) when (IsWriteFailure(e)) { Fail(e); }
    }

    /// <summary>Whether the entry is still being written (false once the cache proved unusable).</summary>
    public bool Writing => _writer != null;

    public void Append(ReadOnlySpan<float> rows)
    {
        if (_writer == null) return;
        try { _writer.Append(rows); }
        catch (Exception e) when (IsWriteFailure(e)) { Fail(e); }
    }

    /// <summary>Completes the entry (features, statistics, description); false when it could not be written (then nothing of it is left).</summary>
    public bool Complete(GaussianStats stats, string source, string model)
    {
        if (_writer == null) return false;
        try
        {
            _writer.Complete();
            _writer = null;
            _cache.Complete(_key, stats, source, model);
            return true;
        }
        catch (Exception e) when (IsWriteFailure(e)) { Fail(e); return false; }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    void Fail(Exception e)
    {
        _writer?.Dispose();
        _writer = null;
        _cache.Remove(_key);
        // The cache folder this entry created is removed again when nothing is in it (a full disk leaves no empty mmagan/).
        if (!_rootExisted)
            try { if (Directory.Exists(_cache.Root) && !Directory.EnumerateFileSystemEntries(_cache.Root).Any()) Directory.Delete(_cache.Root); }
            catch (Exception x) when (IsWriteFailure(x)) { }
        _cache.Disable(e);
    }

    static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException;
}
