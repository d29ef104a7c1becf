using MmaGan.Eval.Features;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>Statistics of a FID argument: read from a .npz, or computed from any image source through the Inception model.</summary>
internal static class SourceStatistics
{
    /// <param name="model">Opened only when needed (two .npz files need no model).</param>
    public static FeatureStats Get(string source, Func<InceptionModel> model, SourceSettings settings, ProgressReporter progress,
        CancellationToken cancellation, int? n = null)
    {
        if (ImageSources.IsStatsFile(source)) return StatsFile.Read(source);
        using var src = settings.Open(source, n);
        if (src.Count < 2) throw InputException.ForFile(source, $"FID needs at least 2 samples, got {src.Count}");
        var r = settings.Extract(source, src, model(), progress, cancellation);
        return FeatureStats.Of(r);
    }
}
