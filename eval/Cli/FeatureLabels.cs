using MmaGan.Eval.Evaluation;

namespace MmaGan.Eval.Cli;

/// <summary>How the commands' prose names a Fréchet distance by its feature space: FID (Inception), FD-DINOv2, FD-CLIP —
/// the names dgm-eval and clean-fid give them; the JSON key and CSV column stay <c>fid</c>, beside <c>feature_model</c>.</summary>
internal static class FeatureLabels
{
    public static string FrechetDistance(MetricResults results) => results.Setting("feature_model") switch
    {
        null or "inception" => "FID",
        string space => $"FD-{FeatureSpaces.Get(space).Label}",
        _ => "FID",
    };

    /// <summary>" (dinov2 features, dgm-eval)" after a value of another space or convention than pytorch-fid's, else "".</summary>
    public static string Space(MetricResults results) =>
        results.Setting("feature_model") is string space && results.Setting("resize") is string resize && (space != "inception" || resize != "legacy-pytorch")
            ? $" ({space} features, {resize})" : "";
}
