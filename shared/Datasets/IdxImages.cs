using System.Buffers.Binary;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// MNIST-style IDX image files (magic 0x00000803: unsigned bytes, 3 dimensions; big-endian count, rows, columns; then
/// the pixels), raw or gzip-compressed. <see cref="Pixels"/> holds image i at offset i·Rows·Cols.
/// </summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Cols)
{
    const int HeaderSize = 16;

    public static IdxImages Read(string path)
    {
        var bytes = IdxFile.ReadBytes(path);
        if (bytes.Length < HeaderSize || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x00000803)
            throw InputException.ForFile(path, "not an IDX image file (expected magic 0x00000803: unsigned bytes, 3 dimensions)");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (n <= 0 || rows <= 0 || cols <= 0) throw InputException.ForFile(path, $"IDX header has no images ({n}x{rows}x{cols})");
        var expected = (long)n * rows * cols;
        if (bytes.Length - HeaderSize < expected)
            throw InputException.ForFile(path, $"truncated IDX file: header says {n} images of {rows}x{cols} ({expected} pixel bytes) but only {bytes.Length - HeaderSize} follow");
        return new IdxImages(bytes.AsSpan(HeaderSize, (int)expected).ToArray(), n, rows, cols);
    }
}
