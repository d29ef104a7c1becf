using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>
/// <c>--n</c> against what a dataset holds, so that a mistyped count is not silently a different evaluation: asking for more images than exist warns in one line on stderr and
/// uses all of them, or, with <c>--strict</c>, is refused (exit 2) before anything is scored.
/// </summary>
public static class RequestedCount
{
    /// <summary>Returns <paramref name="source"/>, after warning or (strict) disposing it and throwing when it holds fewer than <paramref name="requested"/>.</summary>
    public static IImageSource Check(IImageSource source, int? requested, bool strict, TextWriter? warnings = null)
    {
        if (requested is not { } want || source.Count >= want) return source;
        var message = $"{source.Name} holds {source.Count} images, fewer than --n {want}";
        if (strict)
        {
            source.Dispose();
            throw new InputException(message + " (--strict)");
        }
        var line = $"{message}: using all {source.Count} (--strict refuses instead)";
        if (warnings is null) Shared.Cli.Warnings.Once(line);   // once per command, though a source is opened for its checks and again for the work
        else warnings.WriteLine("warning: " + line);
        return source;
    }
}
