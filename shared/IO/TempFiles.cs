using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MmaGan.Shared.IO;

/// <summary>
/// Names of the hidden temporary files that atomic writes rename over their targets — <c>.NAME.tmp-PID-HOST-GUID</c>, so
/// that the writer's liveness can be checked — and removal of those left behind by killed processes: a temp file of
/// this host whose process no longer exists is stale. (Files of other hosts, e.g. on a shared cluster folder, are left
/// alone; so are those of the legacy forms <c>.NAME.tmp-PID-GUID</c> and <c>.NAME.export-PID-GUID.tmp</c> — the generator
/// export's name in builds before the standard one — unless that PID is dead here and the file is over a day old, or the
/// caller holds the folder's lock, see <see cref="CleanStaleLocked"/>.)
/// </summary>
public static partial class TempFiles
{
    static readonly string Host = Sanitize(Environment.MachineName);
    static readonly ConcurrentDictionary<string, bool> Cleaned = new(StringComparer.Ordinal);

    /// <summary>A fresh temporary path beside <paramref name="fullPath"/> (same folder, so the final rename is atomic).</summary>
    public static string For(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.tmp-{Environment.ProcessId}-{Host}-{Guid.NewGuid():N}");

    /// <summary>The file a temporary file of <see cref="For"/> stands for (<c>DIR/.NAME.tmp-…</c> → <c>DIR/NAME</c>); any other path as it is.</summary>
    public static string TargetOf(string path)
    {
        var m = TempName().Match(Path.GetFileName(path));
        if (!m.Success) return path;
        var name = Path.GetFileName(path);
        return Path.Combine(Path.GetDirectoryName(path) ?? "", name[1..name.LastIndexOf(".tmp-", StringComparison.Ordinal)]);
    }

    /// <summary>Deletes stale temporary files in <paramref name="folder"/> (once per folder and process); returns how many.</summary>
    public static int CleanStale(string folder) => Clean(folder, lockHeld: false);

    /// <summary>
    /// <see cref="CleanStale"/> for a folder this process holds the <see cref="FolderLock"/> of (a run folder): a legacy
    /// export temporary whose process is not alive here is stale at once, whatever its age. Only a lock holder (a trainer)
    /// ever wrote that name, so none can be in progress while this process holds the lock; a live process of this host is
    /// still left alone.
    /// </summary>
    public static int CleanStaleLocked(string folder) => Clean(folder, lockHeld: true);

    static int Clean(string folder, bool lockHeld)
    {
        var full = Path.GetFullPath(folder);
        if (!Cleaned.TryAdd((lockHeld ? "locked:" : "") + full, true) || !Directory.Exists(full)) return 0;
        var removed = 0;
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(full, ".*.tmp-*").Concat(Directory.EnumerateFiles(full, ".*.export-*.tmp")).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
        foreach (var file in candidates)
        {
            if (!IsStale(file, lockHeld)) continue;
            try { File.Delete(file); removed++; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>True for a temporary file whose writing process is gone (see the class summary); <paramref name="lockHeld"/>: the
    /// caller holds the folder's lock (<see cref="CleanStaleLocked"/>).</summary>
    public static bool IsStale(string file, bool lockHeld = false)
    {
        var name = Path.GetFileName(file);
        var legacyExport = LegacyExportName().Match(name);
        var m = legacyExport.Success ? legacyExport : TempName().Match(name);
        if (!m.Success || !int.TryParse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId || IsAlive(pid)) return false;
        if (m.Groups["host"].Success) return m.Groups["host"].Value == Host;
        return (legacyExport.Success && lockHeld) || File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddDays(-1);
    }

    /// <summary>Whether a process with this id exists on this machine.</summary>
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    static string Sanitize(string host) => new(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray());

    [GeneratedRegex(@"^\..+\.tmp-(?<pid>\d+)-(?:(?<host>[A-Za-z0-9._]+)-)?[0-9a-f]{32}$")]
    private static partial Regex TempName();

    /// <summary>The generator export's temporary name before it took the standard one: <c>.NAME.export-PID-GUID.tmp</c>.</summary>
    [GeneratedRegex(@"^\..+\.export-(?<pid>\d+)-[0-9a-f]{32}\.tmp$")]
    private static partial Regex LegacyExportName();
}
