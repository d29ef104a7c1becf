using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation;

/// <summary>What <c>mmagan-eval stats</c> computes: the features of <paramref name="Source"/> (its first <paramref name="N"/>
/// images, or <paramref name="N"/> samples of a generator drawn with <paramref name="LatentSeed"/>) in the feature space of
/// <paramref name="Model"/>, written as statistics to <paramref name="Out"/> and, when given, the features to <paramref name="FeaturesOut"/>.</summary>
public sealed record StatisticsRequest(string Source, string Out, FeatureModelChoice Model, SourceReading Reading,
    int? N = null, int LatentSeed = EvaluationDefaults.LatentSeed, string? FeaturesOut = null);

/// <summary>What was written: the sample count, the feature dimension, the space and its preprocessing convention, the seconds
/// the features took, and the statistics themselves.</summary>
public sealed record StatisticsResult(string Out, long Count, int Dimension, string FeatureSpace, string Preprocessing, double Seconds, GaussianStats Stats);

/// <summary>
/// Feature statistics of one source, as pytorch-fid's <c>save_fid_stats</c> (mu, sigma) plus n and the raw sums that make
/// shards mergeable (<see cref="Merge"/>): the library <c>stats</c> and <c>stats merge</c> adapt. Outputs are checked before
/// the first image is read; nothing is written unless every feature was.
/// </summary>
public static class FeatureStatistics
{
    public static StatisticsResult Write(StatisticsRequest request, ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        OutputPath.File(request.Out, "--out");
        if (request.FeaturesOut is { } features) OutputPath.File(features, "--features-out");
        var reader = new SourceReader(request.Reading);
        using var src = reader.Open(request.Source, request.N, request.LatentSeed);
        if (src.Count < 2) throw InputException.ForFile(request.Source, $"statistics need at least 2 samples, got {src.Count}");
        var choice = request.Model;
        var space = FeatureSpaces.Get(choice.Space);
        using var model = space.OpenChecked(space.Resolve(choice.Path, choice.Preprocess), choice, reader.Reading);
        using var writer = request.FeaturesOut != null ? new StreamingNpyWriter(request.FeaturesOut, src.Count, model.FeatureSize) : null;
        var r = reader.Extract(request.Source, src, model, progress ?? ProgressReporter.None, cancellation, featuresOut: writer);
        StatsFile.Write(request.Out, r.Stats);
        writer?.Complete();
        return new StatisticsResult(request.Out, r.Count, model.FeatureSize, space.Name, model.Preprocessing.Convention, r.Seconds, r.Stats);
    }

    /// <summary>Shards written by <see cref="Write"/> merged exactly (n, sums and sums of outer products added).</summary>
    public static GaussianStats Merge(IReadOnlyList<string> shards)
    {
        GaussianStats? merged = null;
        string? first = null;
        foreach (var path in shards)
        {
            var s = StatsFile.Read(path);
            if (s.Sums == null) throw InputException.ForFile(path, "has only mu/sigma (no n, sum, sum_outer): not a mergeable shard written by `mmagan-eval stats`");
            if (merged == null) { merged = new GaussianStats(s.Dimension); first = path; }
            else if (merged.Dimension != s.Dimension)
                throw InputException.ForFile(path, $"{s.Dimension}-d statistics cannot be merged with {first}: {merged.Dimension}-d");
            if (s.Sums.Count > long.MaxValue - merged.Count)
                throw InputException.ForFile(path, $"n = {s.Sums.Count} overflows the sample count when added to the {merged.Count} of the shards before it");
            merged.Merge(s.Sums);
        }
        return merged ?? throw new InputException("stats merge: no shards given");
    }
}
