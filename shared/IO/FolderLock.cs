using System.Globalization;

namespace MmaGan.Shared.IO;

/// <summary>
/// An exclusive lock on an output folder (a training run folder, a sweep folder) held for the life of a process: the
/// file FOLDER/.lock is opened with <see cref="FileShare.None"/>, which .NET implements on Unix with flock(LOCK_EX), so a
/// second writer — another process, or another lock in this one — is refused in one line, and the operating system
/// drops the lock when the holder exits or is killed (no stale lock after kill -9). FOLDER/.lock.pid names the holder.
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string FileName = ".lock", OwnerFileName = ".lock.pid";
    readonly FileStream _stream;

    FolderLock(FileStream stream) => _stream = stream;

    /// <param name="what">What the folder is, for the message ("run folder", "sweep folder").</param>
    public static FolderLock Acquire(string folder, string what)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            throw new InputException($"{folder}: this {what} is in use by another process{Owner(Path.Combine(folder, OwnerFileName))}; wait for it to finish or stop it first");
        }
        catch (UnauthorizedAccessException) { throw new InputException($"{folder}: cannot lock this {what} (permission denied)"); }
        // The owner's pid goes beside the lock: a locked file cannot be read by others (.NET asks for a shared flock to read).
        try { System.IO.File.WriteAllText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new FolderLock(stream);
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

    public void Dispose() => _stream.Dispose();
}
