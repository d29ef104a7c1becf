namespace MmaGan.Shared.IO;

/// <summary>
/// Checks an output path before any work starts, so that an unusable <c>--out</c> (under /proc, a device such as
/// /dev/null, an existing file where a folder is needed or the reverse, a read-only or missing-permission folder) fails
/// at once with one line naming the path and the problem (<see cref="InputException"/>, exit 2) instead of an I/O
/// exception after hours of work. Also removes stale temporary files of killed writers there (<see cref="TempFiles"/>).
/// </summary>
public static class OutputPath
{
    static readonly string[] SpecialRoots = ["/proc", "/sys", "/dev"];

    /// <summary>
    /// An output FILE (written atomically, or appended to): not a folder, not a special file; its folder exists or can be
    /// created, and a file can be created there. Returns the full path.
    /// </summary>
    public static string File(string path, string flag)
    {
        var full = Full(path, flag);
        if (Directory.Exists(full)) throw Problem(path, flag, "is a folder; a file path is needed");
        RefuseSpecial(path, flag, full);
        var folder = Path.GetDirectoryName(full)!;
        EnsureFolder(path, flag, folder);
        ProbeWritable(path, flag, folder);
        if (System.IO.File.Exists(full) && (System.IO.File.GetAttributes(full) & FileAttributes.ReadOnly) != 0 && !IsRoot())
            throw Problem(path, flag, "exists and is read-only");
        TempFiles.CleanStale(folder);
        return full;
    }

    /// <summary>
    /// An output FOLDER: created if missing (with its parents) unless <paramref name="create"/> is false (then only its nearest
    /// existing ancestor must be a writable folder, for commands that create nothing when they fail later); must be a
    /// writable folder. Returns the full path.
    /// </summary>
    public static string Folder(string path, string flag, bool create = true)
    {
        var full = Full(path, flag);
        if (System.IO.File.Exists(full)) throw Problem(path, flag, "exists and is a file; a folder is needed");
        RefuseSpecial(path, flag, full);
        if (!create && !Directory.Exists(full))
        {
            var existing = Path.GetDirectoryName(full);
            while (!string.IsNullOrEmpty(existing) && !Directory.Exists(existing))
            {
                if (System.IO.File.Exists(existing)) throw Problem(path, flag, $"cannot be created: {existing} is a file, not a folder");
                existing = Path.GetDirectoryName(existing);
            }
            if (!string.IsNullOrEmpty(existing)) ProbeWritable(path, flag, existing);
            return full;
        }
        EnsureFolder(path, flag, full);
        ProbeWritable(path, flag, full);
        TempFiles.CleanStale(full);
        return full;
    }

    static string Full(string path, string flag)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException($"{flag}: an empty path");
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Problem(path, flag, "is not a valid path");
        }
    }

    static void RefuseSpecial(string path, string flag, string full)
    {
        foreach (var root in SpecialRoots)
            if (full == root || full.StartsWith(root + "/", StringComparison.Ordinal))
                throw Problem(path, flag, $"is under {root} (a system or device file system), not a place for output files");
    }

    static void EnsureFolder(string path, string flag, string folder)
    {
        // The nearest existing ancestor must be a folder (not a file) for the folder to be creatable.
        for (var dir = folder; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) break;
            if (System.IO.File.Exists(dir)) throw Problem(path, flag, $"cannot be created: {dir} is a file, not a folder");
        }
        try { Directory.CreateDirectory(folder); }
        catch (UnauthorizedAccessException) { throw Problem(path, flag, $"cannot create the folder {folder}: permission denied"); }
        catch (IOException e) { throw Problem(path, flag, $"cannot create the folder {folder}: {Reason(e)}"); }
    }

    static void ProbeWritable(string path, string flag, string folder)
    {
        var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (UnauthorizedAccessException) { throw Problem(path, flag, $"the folder {folder} is not writable (permission denied)"); }
        catch (IOException e) { throw Problem(path, flag, $"the folder {folder} is not writable: {Reason(e)}"); }
    }

    static InputException Problem(string path, string flag, string problem) => new($"{flag} {path}: {problem}");

    /// <summary>The OS's reason without the .NET wording around it (e.g. "Read-only file system").</summary>
    static string Reason(IOException e)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var colon = message.IndexOf(" : ", StringComparison.Ordinal);
        return colon > 0 ? message[..colon] : message;
    }

    static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
