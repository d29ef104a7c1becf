using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// An image data set named as the trainer's <c>--data</c> and the evaluator's SOURCE arguments name it:
/// <c>mnist:PATH</c> (IDX, raw or gzip), <c>stacked-mnist:PATH</c> (three digits of an IDX images file as R, G, B, labels
/// from the matching labels file beside it: <see cref="StackedMnist"/>), <c>cifar10:PATH</c> (a <c>.bin</c> file or a folder of
/// them) or <c>images:DIR</c> (image files, recursively). <see cref="ImageDatasetReader"/> reads it the same way for both tools.
/// </summary>
public sealed record ImageDataSpec(string Kind, string Path)
{
    public const string Mnist = "mnist", StackedMnist = "stacked-mnist", Cifar10 = "cifar10", Images = "images";
    public static readonly string[] Kinds = [Mnist, StackedMnist, Cifar10, Images];

    public override string ToString() => $"{Kind}:{Path}";

    /// <summary>The part of <paramref name="text"/> before its first colon, known kind or not (null without one): what an
    /// error names when the kind is unknown.</summary>
    public static string? KindOf(string text) => text.IndexOf(':') is > 0 and var colon ? text[..colon] : null;

    /// <summary>A spec when <paramref name="text"/> starts with a known kind and a colon (else null: a plain path).</summary>
    public static ImageDataSpec? TryParse(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) return null;
        var kind = text[..colon];
        if (!Kinds.Contains(kind)) return null;
        var path = text[(colon + 1)..];
        if (path.Length == 0) throw new InputException($"'{text}': {kind}: needs a path ({kind}:PATH)");
        return new ImageDataSpec(kind, path);
    }
}
