using MmaGan.Eval.Features;
using MmaGan.Eval.Onnx;

namespace MmaGan.Eval.Evaluation;

/// <summary>
/// Which feature network an evaluation runs its images through (a first-class part of <see cref="EvaluationRequest"/>):
/// the space's name, its model file in the models folder, the option that points at another file, and how to open it.
/// </summary>
/// <param name="Name">As requests and metric descriptors name it (<c>inception</c>).</param>
/// <param name="DefaultFile">The model's file name in the one models folder (<see cref="ModelPaths"/>).</param>
/// <param name="PathOption">The command-line option that gives another model file.</param>
/// <param name="FeatureOutputOf">The output the features come from for a choice, known without opening the model (the cache key needs it).</param>
/// <param name="Open">Opens the model at a path with the request's dimension choice, device and threads.</param>
public sealed record FeatureSpace(string Name, string DefaultFile, string PathOption, Func<FeatureModelChoice, string> FeatureOutputOf,
    Func<string, FeatureModelChoice, SourceReading, IFeatureModel> Open)
{
    /// <summary>The model file: <paramref name="given"/>, else the default one (a missing default is one clear line).</summary>
    public string Resolve(string? given) => ModelPaths.Resolve(given, DefaultFile, PathOption);
}

/// <summary>The feature spaces the evaluator knows. Adding one (a digit classifier, DINOv2, CLIP) is its <see cref="IFeatureModel"/> and a line here.</summary>
public static class FeatureSpaces
{
    /// <summary>pytorch-fid's Inception-v3: pool3 (or an earlier block for <c>--dims</c>) and the 1008 ImageNet logits.</summary>
    public static readonly FeatureSpace Inception = new("inception", ModelPaths.InceptionFile, "--inception", choice => InceptionModel.OutputFor(choice.Dims),
        (path, choice, reading) => new InceptionModel(path, reading.Device, reading.Threads, choice.Dims));

    /// <summary>The MNIST digit classifier (<c>mmagan-train classifier</c>): each image's three channel digits, features and logits side by side.</summary>
    public static readonly FeatureSpace DigitClassifier = new(Shared.Metrics.MetricRegistry.DigitClassifier, ModelPaths.DigitClassifierFile, "--classifier",
        _ => "features", (path, _, reading) => new DigitClassifierModel(path, reading.Device, reading.Threads));

    public static readonly IReadOnlyList<FeatureSpace> All = [Inception, DigitClassifier];

    /// <summary>The space called <paramref name="name"/>; one line listing the known ones otherwise.</summary>
    public static FeatureSpace Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new Shared.IO.InputException($"unknown feature model '{name}' (expected {string.Join(", ", All.Select(s => s.Name))})");
}
