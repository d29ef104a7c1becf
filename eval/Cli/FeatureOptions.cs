using System.CommandLine;
using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// Which feature network a command runs its images through, one definition for every command that has one (stats, fid,
/// kid, prdc, fd-inf, vendi, run): <c>--features inception|dinov2|clip</c>, <c>--feature-model PATH</c> (default: the
/// models folder's model of that space and convention), <c>--inception PATH</c> (the Inception model, as before: with
/// <c>--features inception</c> the same as <c>--feature-model</c>, otherwise the Inception of <c>run</c>'s IS), <c>--dims</c>
/// (Inception's earlier blocks) and <c>--preprocess</c> (alias <c>--resize</c>: the convention the model must record —
/// clean for clean-fid's clean mode, torch-fidelity for DINOv2's second one; default the space's first).
/// </summary>
internal sealed class FeatureOptions
{
    public Option<string> Features { get; } = new("--features")
    {
        Description = $"feature space of the metrics: {string.Join(", ", FeatureSpaces.Names)}", DefaultValueFactory = _ => FeatureSpaces.Inception.Name,
    };
    public Option<string?> FeatureModel { get; } = new("--feature-model")
    {
        Description = "the feature network's ONNX file (default: the models folder's model of --features and --preprocess: " +
                      string.Join(", ", FeatureSpaces.Selectable.SelectMany(s => s.Conventions.Select(c => c.DefaultFile))) + ")",
    };
    public Option<string?> Inception { get; } = EvalOptions.Inception();
    public Option<int> Dims { get; } = SampleMetricOptions.DimsOption();
    public Option<string?> Preprocess { get; } = new("--preprocess", "--resize")
    {
        Description = "preprocessing convention the model must record (and whose model is the default): Inception legacy-pytorch (pytorch-fid's bilinear " +
                      "inside; default) or clean (clean-fid's mode=\"clean\": PIL bicubic outside); DINOv2 dgm-eval (default) or torch-fidelity; CLIP clean-fid-clip",
    };

    readonly bool _inceptionBeside;

    /// <param name="inceptionBeside">The command may also read the Inception in another space's run (<c>run</c>'s IS), so
    /// <c>--inception</c> beside <c>--features dinov2</c> names that model; elsewhere it is refused there.</param>
    public FeatureOptions(bool inceptionBeside = false)
    {
        _inceptionBeside = inceptionBeside;
        Features.AcceptOnlyFromAmong([.. FeatureSpaces.Names]);
    }

    public IEnumerable<Option> All => [Features, FeatureModel, Inception, Dims, Preprocess];

    /// <summary>The feature model the flags ask for; one line when they contradict each other.</summary>
    public FeatureModelChoice Choice(ParseResult p)
    {
        var space = FeatureSpaces.Get(p.GetValue(Features)!);
        var (model, inception, dims) = (p.GetValue(FeatureModel), InceptionOf(p), p.GetValue(Dims));
        if (inception != null && model != null && space == FeatureSpaces.Inception && inception != model)
            throw new InputException("--inception and --feature-model name different files; give one");
        if (inception != null && space != FeatureSpaces.Inception && !_inceptionBeside)
            throw new InputException($"--inception names an Inception model; with --features {space.Name} give the {space.Label} model with --feature-model");
        if (dims != InceptionDims.Default && space != FeatureSpaces.Inception)
            throw new InputException($"--dims {dims}: only the Inception features have earlier blocks (--features {space.Name})");
        var preprocess = p.GetValue(Preprocess);
        if (preprocess != null) _ = space.Convention(preprocess);
        return new FeatureModelChoice(space.Name, model ?? (space == FeatureSpaces.Inception ? inception : null), dims, preprocess);
    }

    /// <summary>The Inception model given (<c>--inception</c>), or null.</summary>
    public string? InceptionOf(ParseResult p) => p.GetValue(Inception);

    /// <summary>The other spaces' model files a request may read: the Inception of IS when <c>--features</c> is another space.</summary>
    public Dictionary<string, string> OtherModelPaths(ParseResult p) =>
        p.GetValue(Features) != FeatureSpaces.Inception.Name && InceptionOf(p) is { } inception
            ? new Dictionary<string, string> { [FeatureSpaces.Inception.Name] = inception } : [];
}
