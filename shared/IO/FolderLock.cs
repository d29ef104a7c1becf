using System.Globalization;

namespace MmaGan.Shared.IO;

/// <summary>
/// An exclusive lock on an output folder (a training run folder, a sweep folder) held for the life of a process: the
/// file FOLDER/.lock is opened with <see cref="FileShare.None"/>, which .NET implements on Unix with flock(LOCK_EX), so a
/// second writer — another process, or another lock in this one — is refused in one line, and the operating system
/// drops the lock when the holder exits or is killed (no stale lock after kill -9). The file holds the owner's pid.
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string FileName = ".lock";
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
            throw new InputException($"{folder}: this {what} is in use by another process{Owner(path)}; wait for it to finish or stop it first");
        }
        catch (UnauthorizedAccessException) { throw new InputException($"{folder}: cannot lock this {what} (permission denied)"); }
        stream.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        stream.Write(pid);
        stream.Flush();
        return new FolderLock(stream);
    }

    /// <summary>" (pid N)" from the lock file, or "" when it cannot be read.</summary>
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
