using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Eval.Features;
using MmaGan.Models.Fetch;
using MmaGan.Shared.Metrics;

namespace MmaGan.Eval.Evaluation;

/// <summary>A way an evaluation differs from the published protocol its numbers are read against, and the metrics it affects.</summary>
public sealed record Caveat(string Text, IReadOnlyList<string> Metrics);

/// <summary>
/// The settings of a whole evaluation that change its numbers (<see cref="MetricRegistry.EvaluationSettings"/>), as the
/// evaluation ran them, and its <see cref="Caveat"/>s against the published protocol (pytorch-fid's and torch-fidelity's):
/// Inception pool3 (2,048 dims) from the official weights, 50,000 generated samples for FID and IS, the whole reference.
/// A report row, a <c>--json</c> line and <c>run</c>'s summary say these, so that FID-768 of 50 samples against 100
/// reference images never reads like FID-2048 against the full set. Caveat texts hold no commas (they share a CSV cell, "; "-separated).
/// </summary>
public static class EvaluationSettings
{
    /// <summary>Generated samples of the published FID and IS protocol (pytorch-fid's, torch-fidelity's and StudioGAN's tables).</summary>
    public const int PublishedSamples = 50_000;

    /// <summary>The settings in <see cref="MetricRegistry.EvaluationSettings"/> order (null: does not apply), and the caveats.</summary>
    public static (IReadOnlyList<KeyValuePair<string, object?>> Settings, IReadOnlyList<Caveat> Caveats) Of(EvaluationInputs inputs, IReadOnlyList<ModelUse> models)
    {
        var request = inputs.Request;
        var generated = inputs.PreparedData(reference: false);
        var reference = inputs.PreparedData(reference: true);
        var metrics = inputs.Metrics.Select(m => m.Descriptor).ToList();
        var isToy = metrics.All(m => m.Generated == MetricInput.ToySamples);
        var fromGenerator = request.Generated is { } g && SourceFeatures.IsGenerator(g);

        long? n = Count(generated) ?? (isToy ? request.Settings.ToySamples : request.Settings.LpipsSamples ?? inputs.GeneratedCount);
        var nRef = Count(reference);
        var model = inputs.RequestModel is { UsedPath: not null } m ? m : null;
        var ownSpace = metrics.Any(d => d.NeedsFeatureModel && d.FeatureSpace is null);
        var featureModel = ownSpace && model is not null ? request.FeatureModel.Space : null;   // .npz/.npy on both sides: the model that made them is not known
        var own = inputs.PreparedData(reference: false, ownSpaceOnly: true);
        int? dims = !ownSpace ? null : own?.Statistics?.Dimension ?? own?.Features?.Cols ?? (model is { IsOpen: true } ? model.Model.FeatureSize : null);
        var resize = featureModel is not null && model is { IsOpen: true } ? model.Model.Preprocessing.Convention : null;
        var imageSize = new[] { request.Generated, request.Reference }.Any(IsImagesSpec) ? request.Reading.ImageSize : (int?)null;
        var comparable = Onnx.FeatureModelProvenance.Column([.. models.Select(u => u.Provenance)]);

        var caveats = Caveats(inputs, metrics, models, n, nRef, featureModel, dims, resize);
        IReadOnlyList<KeyValuePair<string, object?>> settings =
        [
            new("seed", fromGenerator || isToy ? request.Seeds.Latent : null), new("n", n), new("n_ref", nRef), new("feature_model", featureModel),
            new("feature_model_sha256", featureModel is null || model is null ? null : Reports.CsvReport.Sha256(model.UsedPath!)), new("dims", dims),
            new("resize", resize), new("image_size", imageSize), new("comparable", comparable), new("caveats", caveats.Count == 0 ? null : string.Join("; ", caveats.Select(c => c.Text))),
        ];
        return (settings, caveats);
    }

    static IReadOnlyList<Caveat> Caveats(EvaluationInputs inputs, IReadOnlyList<MetricDescriptor> metrics, IReadOnlyList<ModelUse> models,
        long? n, long? nRef, string? featureModel, int? dims, string? resize)
    {
        var caveats = new List<Caveat>();
        string[] Using(string role) => [.. metrics.Where(d => role == "lpips" ? d.Generated == MetricInput.ImagePairs : d.NeedsFeatureModel && inputs.SpaceOf(d) == role).Select(d => d.Name)];
        foreach (var u in models.Where(u => u.Provenance != Provenance.Official))
            caveats.Add(new Caveat(u.Provenance == Provenance.Other ? $"{Path.GetFileName(u.Path)} is not built from the official weights"
                : u.Role == MetricRegistry.DigitClassifier ? $"{Path.GetFileName(u.Path)} is a digit classifier trained here, not the published counts' own"
                : $"{Path.GetFileName(u.Path)} records no source-weights digest", Using(u.Role)));
        string[] Named(params string[] names) => [.. metrics.Select(d => d.Name).Where(names.Contains)];
        if (featureModel is null or "inception" && dims is { } d && d != InceptionModel.DefaultDims)
            caveats.Add(new Caveat($"dims {d} (not {InceptionModel.DefaultDims})", [.. metrics.Where(x => x.FeatureSpace is null && x.NeedsFeatureModel && x.Generated != MetricInput.Logits).Select(x => x.Name)]));
        var legacy = Models.Preprocessing.FeaturePreprocessing.LegacyPytorch.Convention;
        if (featureModel == "inception" && resize is not null && resize != legacy)
            caveats.Add(new Caveat($"resize {resize} (published pytorch-fid values use {legacy})", [.. metrics.Where(x => x.FeatureSpace is null && x.NeedsFeatureModel).Select(x => x.Name)]));
        if (n is { } count && count < PublishedSamples && Named("fid", "is") is { Length: > 0 } small)
            caveats.Add(new Caveat($"n {count} (not {PublishedSamples}: FID and IS depend on n)", small));
        // A prefix of a data set is a caveat; stacked-mnist: is a stream of fresh draws with no "first N" (n_ref says how many).
        if (inputs.Request.NRef is { } limit && nRef is { } used && used <= limit && inputs.Request.Reference is { } r && !Sources.ImageSources.IsStatsFile(r)
            && Shared.Datasets.ImageDataSpec.KindOf(r) != Shared.Datasets.ImageDataSpec.StackedMnist)
            caveats.Add(new Caveat($"only the first {used} reference images", [.. metrics.Where(x => x.NeedsReference).Select(x => x.Name)]));
        return [.. caveats.Where(c => c.Metrics.Count > 0)];
    }

    static long? Count(SourceData? data) => data?.Statistics?.Count ?? data?.Features?.Rows ?? data?.Logits?.Rows;

    static bool IsImagesSpec(string? source) =>
        source is not null && Shared.Datasets.ImageDataSpec.TryParse(source)?.Kind == Shared.Datasets.ImageDataSpec.Images;
}
