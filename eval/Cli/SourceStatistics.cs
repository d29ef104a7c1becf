using MmaGan.Eval.Features;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>A FID argument checked and opened, not yet scored: statistics read from a .npz, or an open image source.</summary>
internal sealed class PreparedStatistics(string path, FeatureStats? stats, IImageSource? source) : IDisposable
{
    public string Path { get; } = path;
    public FeatureStats? Stats { get; } = stats;
    public IImageSource? Source { get; } = source;
    public bool NeedsModel => Source != null;
    public void Dispose() => Source?.Dispose();
}

/// <summary>
/// Statistics of a FID argument: read from a .npz, or computed from any image source through the Inception model.
/// Commands <see cref="Prepare"/> every argument first (files exist, formats parse, statistics are finite and symmetric),
/// load the model and <see cref="CheckDimension"/>, and only then score (issue 12: fail before the first sample, not after 50,000).
/// </summary>
internal static class SourceStatistics
{
    /// <param name="model">Opened only when needed (two .npz files need no model).</param>
    public static FeatureStats Get(string source, Func<InceptionModel> model, SourceSettings settings, ProgressReporter progress,
        CancellationToken cancellation, int? n = null)
    {
        using var prepared = Prepare(source, settings, n);
        if (prepared.NeedsModel) CheckDimension(prepared, model());
        return Compute(prepared, model, settings, progress, cancellation);
    }

    /// <summary>Reads a .npz now, or opens the source (checking that it exists, parses and has at least 2 samples).</summary>
    public static PreparedStatistics Prepare(string source, SourceSettings settings, int? n = null)
    {
        if (ImageSources.IsStatsFile(source)) return new PreparedStatistics(source, StatsFile.Read(source), null);
        var src = settings.Open(source, n);
        if (src.Count < 2)
        {
            src.Dispose();
            throw InputException.ForFile(source, $"FID needs at least 2 samples, got {src.Count}");
        }
        return new PreparedStatistics(source, null, src);
    }

    /// <summary>Statistics read from a file must have the model's feature dimension.</summary>
    public static void CheckDimension(PreparedStatistics prepared, InceptionModel model)
    {
        if (prepared.Stats is { } s && s.Dimension != model.FeatureSize)
            throw InputException.ForFile(prepared.Path, $"{s.Dimension}-d statistics cannot be compared with the {model.FeatureSize}-d features of the Inception model");
    }

    public static FeatureStats Compute(PreparedStatistics prepared, Func<InceptionModel> model, SourceSettings settings, ProgressReporter progress,
        CancellationToken cancellation) =>
        prepared.Stats ?? FeatureStats.Of(settings.Extract(prepared.Path, prepared.Source!, model(), progress, cancellation));
}
