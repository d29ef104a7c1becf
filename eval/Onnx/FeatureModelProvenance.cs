using Microsoft.ML.OnnxRuntime;
using MmaGan.Models.Fetch;

namespace MmaGan.Eval.Onnx;

/// <summary>
/// Whether a feature network (FID Inception, LPIPS) was built from the official weights, from the source SHA-256s it
/// records in its metadata (<see cref="SourceDigests"/>). A model built from other weights prints one warning line to
/// stderr (once per command, however often the model is opened) — its numbers are not comparable with published ones — and reports carry the verdict in their
/// <c>comparable</c> column: <c>yes</c>, <c>no</c>, or <c>unknown</c> (no digest recorded, e.g. a third-party export).
/// </summary>
public static class FeatureModelProvenance
{
    /// <summary>Checks <paramref name="session"/>'s metadata; warns on stderr when the weights are not the official ones.</summary>
    public static Provenance Check(InferenceSession session, string path, string published)
    {
        Dictionary<string, string> metadata;
        try { metadata = session.ModelMetadata.CustomMetadataMap; }
        catch (OnnxRuntimeException) { return Provenance.Unknown; }
        var verdict = SourceDigests.Check(metadata, out var detail);
        if (verdict == Provenance.Other)
            Shared.Cli.Warnings.Once($"{path}: {detail}; numbers are not comparable with published {published}");
        return verdict;
    }

    /// <summary>The <c>comparable</c> column: no if any model is not official, else unknown if any is unverified, else yes.</summary>
    public static string Column(params Provenance[] models) =>
        models.Contains(Provenance.Other) ? "no" : models.Contains(Provenance.Unknown) ? "unknown" : "yes";
}
