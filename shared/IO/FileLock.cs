namespace MmaGan.Shared.IO;

/// <summary>
/// One writer at a time for a file that is read, changed and written back whole (a CSV report appended to through
/// <see cref="AtomicFile"/>): <c>DIR/.NAME.lock</c> opened with <see cref="FileShare.None"/> (flock(LOCK_EX) on Unix, dropped
/// by the operating system when the holder exits or is killed), waited for while another process holds it. Without it, four
/// concurrent <c>mmagan-eval run … --out r.csv</c> kept 2–3 of their 4 rows: each read the file before the others renamed
/// theirs over it. The lock file stays (removing it would let a waiter lock a file no longer in the folder).
/// </summary>
public sealed class FileLock : IDisposable
{
    readonly FileStream _stream;

    FileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of <paramref name="path"/>: a hidden <c>.NAME.lock</c> beside it.</summary>
    public static string PathFor(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".lock");
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the lock of <paramref name="path"/>; refuses in one line after it.</summary>
    public static FileLock Acquire(string path, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var lockPath = PathFor(path);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return new FileLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)); }
            catch (UnauthorizedAccessException) { throw new InputException($"{path}: cannot lock it for writing ({lockPath}: permission denied)"); }
            catch (IOException) when (File.Exists(lockPath) && DateTime.UtcNow < deadline)
            {
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20 + Random.Shared.Next(30)));
                cancellation.ThrowIfCancellationRequested();
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                throw new InputException($"{path}: another process has held it for over {timeout.TotalSeconds:F0} s ({lockPath}); try again when it is done");
            }
        }
    }

    /// <summary>
    /// Refuses, before any work, a lock that <see cref="Acquire"/> could never take: a lock file that is a folder, or one this
    /// user may not open for writing. A lock file held by another process right now is fine (its holder appends and lets go);
    /// a missing one is created by the first append (the caller checks that the folder is writable), so nothing is left behind
    /// here when the work fails later.
    /// </summary>
    public static void CheckUsable(string path)
    {
        var lockPath = PathFor(path);
        if (Directory.Exists(lockPath)) throw new InputException($"{path}: cannot lock it for writing ({lockPath} is a folder; remove it)");
        if (!File.Exists(lockPath)) return;
        try { using var _ = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete); }
        catch (UnauthorizedAccessException) { throw new InputException($"{path}: cannot lock it for writing ({lockPath}: permission denied)"); }
        catch (IOException) when (File.Exists(lockPath)) { }   // held by another writer now: the append waits for it
    }

    public void Dispose() => _stream.Dispose();
}
