using System.Runtime.InteropServices;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Features;

/// <summary>
/// Writes a float32 [rows, cols] .npy row block by row block (the header is written first, the row count being known),
/// into a temporary file that <see cref="Complete"/> renames over the target; disposing without completing deletes it,
/// so a failed run never leaves a half-written file.
/// </summary>
public sealed class StreamingNpyWriter : IFeatureSink, IDisposable
{
    readonly string _path, _tmp;
    readonly FileStream _stream;
    readonly long _expected;
    long _written;
    bool _done;

    public StreamingNpyWriter(string path, long rows, int cols)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        TempFiles.CleanStale(Path.GetDirectoryName(_path)!);
        _tmp = TempFiles.For(_path);
        _stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _expected = rows * cols;
        Npy.WriteHeader(_stream, "<f4", [rows, cols]);
    }

    public void Append(ReadOnlySpan<float> values)
    {
        _stream.Write(MemoryMarshal.AsBytes(values));
        _written += values.Length;
    }

    public void Complete()
    {
        if (_written != _expected) throw new InvalidOperationException($"wrote {_written} values, header promises {_expected}");
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        // Closing flushes the buffer, which fails again on a full disk: the temporary file goes all the same.
        try { _stream.Dispose(); } catch (IOException) { }
        try { File.Delete(_tmp); } catch (IOException) { }
    }
}
