namespace MmaGan.Shared.IO;

/// <summary>
/// Writes a file so that readers only ever see the old or the complete new content: the data goes to a
/// temporary file in the same folder, is flushed to disk, then renamed over the target. A crash or a kill
/// leaves at most a stray ".NAME.tmp-PID-HOST-…" file, never a half-written target; the next atomic write into that
/// folder removes such files of dead processes (<see cref="TempFiles"/>).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        TempFiles.CleanStale(dir);
        var tmp = TempFiles.For(full);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
