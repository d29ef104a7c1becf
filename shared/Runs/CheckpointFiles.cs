using System.Globalization;

namespace MmaGan.Shared.Runs;

/// <summary>
/// Where a training run keeps its checkpoints and what they are called: <c>RUN/checkpoints/step_NNNNNNNN.ckpt</c>, the step
/// zero-padded to 8 digits. The trainer writes and reads them (save, resume, export); the bench finds an interrupted run's
/// newest one from the names alone, without loading TorchSharp.
/// </summary>
public static class CheckpointFiles
{
    const string Prefix = "step_", Extension = ".ckpt";

    public static string Folder(string runDir) => Path.Combine(runDir, "checkpoints");

    public static string FileName(long step) => $"{Prefix}{step:D8}{Extension}";

    public static string PathOf(string runDir, long step) => Path.Combine(Folder(runDir), FileName(step));

    /// <summary>The step of a checkpoint file name (or path); false for any other file, e.g. an unfinished temp file.</summary>
    public static bool TryParseStep(string fileName, out long step)
    {
        step = -1;
        var name = Path.GetFileName(fileName);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal)
               && long.TryParse(name[Prefix.Length..^Extension.Length], NumberStyles.None, CultureInfo.InvariantCulture, out step);
    }

    /// <summary>Steps of the checkpoints in <paramref name="runDir"/>, ascending (none when the folder is absent).</summary>
    public static IReadOnlyList<long> Steps(string runDir)
    {
        var folder = Folder(runDir);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, Prefix + "*" + Extension)
            .Select(f => TryParseStep(f, out var s) ? s : -1).Where(s => s >= 0).Order().ToList();
    }
}
