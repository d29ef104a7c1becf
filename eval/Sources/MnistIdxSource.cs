using System.Buffers.Binary;
using System.IO.Compression;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Sources;

/// <summary>MNIST-style IDX image files (magic 0x00000803, big-endian count, rows, cols, then uint8 pixels), raw or gzip;
/// gray values / 255 repeated to 3 channels.</summary>
public sealed class MnistIdxSource : IImageSource
{
    readonly byte[] _pixels;
    readonly int _rows, _cols;

    public MnistIdxSource(string path, int? limit = null)
    {
        Name = path;
        if (!File.Exists(path)) throw InputException.ForFile(path, "file not found");
        byte[] bytes;
        try
        {
            var raw = File.ReadAllBytes(path);
            if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                bytes = ms.ToArray();
            }
            else bytes = raw;
        }
        catch (InvalidDataException e) { throw InputException.ForFile(path, "corrupt gzip: " + e.Message); }
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x00000803)
            throw InputException.ForFile(path, "not an IDX image file (expected magic 0x00000803: unsigned bytes, 3 dimensions)");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        _rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        _cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (n <= 0 || _rows <= 0 || _cols <= 0) throw InputException.ForFile(path, $"IDX header has no images ({n}x{_rows}x{_cols})");
        if (bytes.Length - 16L < (long)n * _rows * _cols)
            throw InputException.ForFile(path, $"truncated IDX file: header says {n} images of {_rows}x{_cols} but only {bytes.Length - 16} pixel bytes follow");
        _pixels = bytes;
        Count = Math.Min(n, limit ?? int.MaxValue);
    }

    public string Name { get; }
    public int Count { get; }

    public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
    {
        var plane = _rows * _cols;
        for (var start = 0; start < Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, Count - start);
            var data = new float[count * 3 * plane];
            for (var i = 0; i < count; i++)
            {
                var src = 16 + (start + i) * plane;
                for (var p = 0; p < plane; p++)
                {
                    var v = _pixels[src + p] / 255f;
                    data[i * 3 * plane + p] = v;
                    data[i * 3 * plane + plane + p] = v;
                    data[i * 3 * plane + 2 * plane + p] = v;
                }
            }
            yield return new ImageBatch(data, count, _rows, _cols);
        }
    }

    public void Dispose() { }
}
