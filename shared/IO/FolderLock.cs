using System.Globalization;

namespace MmaGan.Shared.IO;

/// <summary>
/// An exclusive lock on an output folder (a training run folder, a sweep folder) held for the life of a process: the
/// file FOLDER/.lock is opened with <see cref="FileShare.None"/>, which .NET implements on Unix with flock(LOCK_EX), so a
/// second writer — another process, or another lock in this one — is refused in one line, and the operating system
/// drops the lock when the holder exits or is killed (no stale lock after kill -9). FOLDER/.lock.pid names the holder.
/// Releasing the lock (<see cref="Dispose"/>) removes both files on Linux, so a finished run or sweep leaves no lock files (a
/// killed one leaves them, harmless: the lock itself went with the process). They are removed while the lock is still held,
/// and a process that locks a lock file after it was removed (it opened the file just before) notices — its descriptor then
/// names a deleted file — and locks the new one instead, so two processes never both hold "the" lock.
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string FileName = ".lock", OwnerFileName = ".lock.pid";
    readonly FileStream _stream;
    readonly string _folder;
    bool _released;

    FolderLock(FileStream stream, string folder) => (_stream, _folder) = (stream, folder);

    /// <param name="what">What the folder is, for the message ("run folder", "sweep folder").</param>
    public static FolderLock Acquire(string folder, string what)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        FileStream stream;
        for (var attempt = 0; ; attempt++)
        {
            try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (System.IO.File.Exists(path))
            {
                throw new InputException($"{folder}: this {what} is in use by another process{Owner(Path.Combine(folder, OwnerFileName))}; wait for it to finish or stop it first");
            }
            catch (IOException) when (attempt < 10) { continue; }   // the holder removed the file as it released it: try the path again
            catch (UnauthorizedAccessException) { throw new InputException($"{folder}: cannot lock this {what} (permission denied)"); }
            // Locked a file its previous holder had just removed on release: lock the file now at the path instead.
            if (attempt < 10 && IsUnlinked(stream)) { stream.Dispose(); continue; }
            break;
        }
        // The owner's pid goes beside the lock: a locked file cannot be read by others (.NET asks for a shared flock to read).
        try { System.IO.File.WriteAllText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new FolderLock(stream, folder);
    }

    /// <summary>Whether the file <paramref name="stream"/> holds open was removed from its folder (Linux: /proc/self/fd names it "… (deleted)").</summary>
    static bool IsUnlinked(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var target = new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
            return target != null && target.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>" (pid N)" from the owner file, or "" when it cannot be read.</summary>
    static string Owner(string path)
    {
        try
        {
            var text = System.IO.File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $" (pid {pid})" : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Removes the lock files (Linux; see the class remarks) and releases the lock.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        if (OperatingSystem.IsLinux() && !IsUnlinked(_stream))   // (a lock file removed under us may stand for another holder's now)
        {
            try
            {
                System.IO.File.Delete(Path.Combine(_folder, OwnerFileName));
                System.IO.File.Delete(Path.Combine(_folder, FileName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        _stream.Dispose();
    }
}
