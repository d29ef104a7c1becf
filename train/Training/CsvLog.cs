using System.Globalization;
using MmaGan.Shared.IO;

namespace MmaGan.Train.Training;

/// <summary>
/// An append-only CSV log whose first column is the step (losses.csv, metrics.csv). On resume, rows after the resumed
/// step (written after the last checkpoint, before a kill) are dropped, so the log matches an uninterrupted run.
/// Values are written in round-trip ("R") format: identical runs give byte-identical logs.
/// </summary>
public sealed class CsvLog : IDisposable
{
    readonly StreamWriter _writer;

    public CsvLog(string path, IReadOnlyList<string> header, long? resumeStep)
    {
        var headerLine = string.Join(',', header);
        if (resumeStep is { } step && File.Exists(path))
        {
            var kept = File.ReadLines(path).Skip(1)
                .Where(l => l.Split(',') is var f && f.Length == header.Count && long.TryParse(f[0], out var s) && s <= step);
            var rows = kept.ToList();
            LastStep = rows.Count == 0 ? 0 : long.Parse(rows[^1].Split(',')[0], CultureInfo.InvariantCulture);
            AtomicFile.WriteAllText(path, string.Join('\n', rows.Prepend(headerLine)) + "\n");
        }
        else AtomicFile.WriteAllText(path, headerLine + "\n");
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    /// <summary>The step of the last row (0 when there is none).</summary>
    public long LastStep { get; private set; }

    public void Append(long step, IEnumerable<double> values)
    {
        _writer.WriteLine(string.Join(',', values.Select(Format).Prepend(step.ToString(CultureInfo.InvariantCulture))));
        LastStep = step;
    }

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
