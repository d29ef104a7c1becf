using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>Statistics of a FID argument: read from a .npz, or computed from any image source through the Inception model.</summary>
public static class SourceStatistics
{
    public static FeatureStats Get(string source, Func<InceptionModel> model, int? n, int batch, int seed, string device,
        (float, float)? outputRange, bool progress, CancellationToken cancellation)
    {
        if (ImageSources.IsStatsFile(source)) return StatsFile.Read(source);
        using var src = ImageSources.Open(source, n, seed, device, outputRange);
        if (src.Count < 2) throw InputException.ForFile(source, $"FID needs at least 2 samples, got {src.Count}");
        var m = model();
        var r = FeatureExtractor.Run(src, m, batch, progress: progress ? Cli.CliRunner.StderrProgress(Path.GetFileName(source), src.Count) : null, cancellation: cancellation);
        return new FeatureStats(r.Stats.Mean(), r.Stats.Covariance(), r.Count, r.Stats);
    }
}
