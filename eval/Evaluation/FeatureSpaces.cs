using MmaGan.Eval.Features;
using MmaGan.Eval.Onnx;
using MmaGan.Models.Fetch;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Evaluation;

/// <summary>A preprocessing convention a feature space offers (<see cref="MmaGan.Models.Preprocessing.FeaturePreprocessing"/>'s
/// name, recorded in the model) and the file of the models folder built with it.</summary>
public sealed record FeatureConvention(string Name, string DefaultFile);

/// <summary>
/// Which feature network an evaluation runs its images through (a first-class part of <see cref="EvaluationRequest"/>):
/// the space's name, its conventions with their model files in the models folder (the first is the default), the option
/// that points at another file, and how to open it.
/// </summary>
/// <param name="Name">As requests, <c>--features</c>, reports and a model's <c>feature_space</c> metadata name it (<c>inception</c>).</param>
/// <param name="Label">As messages write it (<c>Inception</c>, <c>DINOv2</c>).</param>
/// <param name="Conventions">The preprocessing conventions of the space's models; the first is the default.</param>
/// <param name="PathOption">The command-line option that gives another model file.</param>
/// <param name="FeatureOutputOf">The output the features come from for a choice, known without opening the model (the cache key needs it).</param>
/// <param name="Open">Opens the model at a path with the request's dimension choice, device and threads.</param>
public sealed record FeatureSpace(string Name, string Label, IReadOnlyList<FeatureConvention> Conventions, string PathOption,
    Func<FeatureModelChoice, string> FeatureOutputOf, Func<string, FeatureModelChoice, SourceReading, IFeatureModel> Open)
{
    public FeatureConvention DefaultConvention => Conventions[0];

    /// <summary>The model file: <paramref name="given"/>, else the models folder's file of <paramref name="convention"/> (null: the
    /// default one); a missing default is one clear line.</summary>
    public string Resolve(string? given, string? convention = null) =>
        ModelPaths.Resolve(given, Convention(convention).DefaultFile, PathOption);

    /// <summary>The convention called <paramref name="name"/> (null: the default); one line naming the ones there are otherwise.</summary>
    public FeatureConvention Convention(string? name) => name is null ? DefaultConvention
        : Conventions.FirstOrDefault(c => c.Name == name)
          ?? throw new InputException($"--preprocess {name}: {Name} features come with {string.Join(" or ", Conventions.Select(c => c.Name))}");

    /// <summary>
    /// Opens the model at <paramref name="path"/> and checks that it is what <paramref name="choice"/> asks for: a model of
    /// this space (its <c>feature_space</c> metadata; checked by the model class) recording the convention asked for, if any.
    /// </summary>
    public IFeatureModel OpenChecked(string path, FeatureModelChoice choice, SourceReading reading)
    {
        var model = Open(path, choice, reading);
        if (choice.Preprocess is { } wanted && model.Preprocessing.Convention != wanted)
        {
            var recorded = model.Preprocessing.Convention;
            model.Dispose();
            throw InputException.ForFile(path, $"the model records preprocessing '{recorded}', not the '{wanted}' asked for (--preprocess); " +
                $"give the model built with it{(Conventions.Any(c => c.Name == wanted) ? $" (default models/{Convention(wanted).DefaultFile})" : "")}");
        }
        return model;
    }
}

/// <summary>
/// The feature spaces the evaluator knows. Adding one is its <see cref="IFeatureModel"/> (or a model <see cref="InceptionModel"/>
/// opens: one image input, one <c>features</c> output, its <c>feature_space</c> in the metadata) and a line here.
/// </summary>
public static class FeatureSpaces
{
    /// <summary>pytorch-fid's Inception-v3: pool3 (or an earlier block for <c>--dims</c>) and the 1008 ImageNet logits; in-network
    /// bilinear resize (legacy-pytorch, the default) or clean-fid's clean mode (PIL bicubic outside the network).</summary>
    public static readonly FeatureSpace Inception = new("inception", "Inception",
        [new("legacy-pytorch", ModelPaths.InceptionFile), new("clean", ModelFetcher.FidCleanModelFile)], "--inception",
        choice => InceptionModel.OutputFor(choice.Dims),
        (path, choice, reading) => new InceptionModel(path, reading.Device, reading.Threads, choice.Dims));

    /// <summary>DINOv2 ViT (default ViT-L/14: dgm-eval's FD-DINOv2): the CLS token after the final norm; dgm-eval's or torch-fidelity's preprocessing.</summary>
    public static readonly FeatureSpace Dinov2 = Embedding("dinov2", "DINOv2",
        [new("dgm-eval", ModelFetcher.Dinov2ModelFile), new("torch-fidelity", ModelFetcher.Dinov2TorchFidelityModelFile)]);

    /// <summary>openai/CLIP's image encoder (default ViT-B/32: clean-fid's CLIP-FID), with clean-fid's CLIP preprocessing.</summary>
    public static readonly FeatureSpace Clip = Embedding("clip", "CLIP", [new("clean-fid-clip", ModelFetcher.ClipModelFile)]);

    /// <summary>The MNIST digit classifier (<c>mmagan-train classifier</c>): each image's three channel digits, features and logits side by side.</summary>
    public static readonly FeatureSpace DigitClassifier = new(Shared.Metrics.MetricRegistry.DigitClassifier, "digit classifier",
        [new("as-given", ModelPaths.DigitClassifierFile)], "--classifier",
        _ => "features", (path, _, reading) => new DigitClassifierModel(path, reading.Device, reading.Threads));

    public static readonly IReadOnlyList<FeatureSpace> All = [Inception, Dinov2, Clip, DigitClassifier];

    /// <summary>The spaces <c>--features</c> offers (the digit classifier is the space of the metrics that fix it: modes, fd-classifier).</summary>
    public static readonly IReadOnlyList<FeatureSpace> Selectable = [Inception, Dinov2, Clip];

    public static IEnumerable<string> Names => Selectable.Select(s => s.Name);

    /// <summary>The space called <paramref name="name"/>; one line listing the known ones otherwise.</summary>
    public static FeatureSpace Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new InputException($"unknown feature space '{name}' (expected {string.Join(", ", Names)})");

    /// <summary>A space of ViT feature networks built by <c>models build-dinov2</c> / <c>build-clip</c> (output <c>features</c>, no logits).</summary>
    static FeatureSpace Embedding(string name, string label, IReadOnlyList<FeatureConvention> conventions) =>
        new(name, label, conventions, "--feature-model", _ => InceptionModel.EmbeddingOutput,
            (path, choice, reading) => new InceptionModel(path, reading.Device, reading.Threads, choice.Dims, featureSpace: name));
}
