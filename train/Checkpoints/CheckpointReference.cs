using System.Globalization;
using MmaGan.Shared.IO;
using MmaGan.Shared.Runs;

namespace MmaGan.Train.Checkpoints;

/// <summary>
/// Parses <c>--checkpoint</c>: a step number (<c>100</c>) or a checkpoint file name or path
/// (<c>step_00000100.ckpt</c>, <c>RUN/checkpoints/step_00000100.ckpt</c>) as <see cref="CheckpointStore.FileName"/> writes it.
/// </summary>
public static class CheckpointReference
{
    /// <summary>The step named by <paramref name="text"/>; one-line error naming the flag otherwise.</summary>
    public static long ParseStep(string text)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var step)) return step;
        if (CheckpointFiles.TryParseStep(trimmed, out step)) return step;
        throw new InputException($"--checkpoint '{text}': expected a step number (e.g. 100) or a checkpoint file name (e.g. {CheckpointStore.FileName(100)})");
    }
}
