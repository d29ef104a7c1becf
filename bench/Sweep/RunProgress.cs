using System.Globalization;
using System.Text;
using MmaGan.Shared.Runs;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// How far a training run has come, read from the trainer's typed log: the step of the last complete row of
/// <c>losses.csv</c> in its folder (the trainer appends a row per step and flushes in blocks, so the last line may be
/// cut). Only the file's tail is read, so asking costs the same at step 10 and at step 500,000.
/// </summary>
public static class RunProgress
{
    /// <summary>The last step logged in <paramref name="runDir"/>/losses.csv, or null when there is none yet.</summary>
    public static long? LastStep(string runDir)
    {
        var path = LossLogFile.PathOf(runDir);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = stream.Length;
            var take = (int)Math.Min(length, 8192);
            stream.Seek(length - take, SeekOrigin.Begin);
            var buffer = new byte[take];
            stream.ReadExactly(buffer);
            var lines = Encoding.UTF8.GetString(buffer).Split('\n');
            // Every line but the last ended with '\n', so it is complete; the first may have been cut by the 8 KiB window.
            for (var i = lines.Length - 2; i >= (take < length ? 1 : 0); i--)
            {
                var first = lines[i].Split(',', 2)[0];
                if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var step)) return step;
            }
            return null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
