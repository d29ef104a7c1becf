using System.IO.Compression;
using MmaGan.Shared.IO;

namespace MmaGan.Train.Data;

/// <summary>
/// MNIST images in IDX format (magic 0x00000803, big-endian counts), gzip or raw. Digits are padded with
/// 2 black pixels on each side to 32×32, as DCGAN-style 32-pixel networks expect.
/// </summary>
public static class MnistReader
{
    public static (byte[] Pixels, int Count, int Size) Read(string path, int padTo = 32)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            var gz = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using Stream s = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            bytes = ms.ToArray();
        }
        catch (InvalidDataException e) { throw InputException.ForFile(path, "corrupt gzip stream: " + e.Message); }
        if (bytes.Length < 16) throw InputException.ForFile(path, $"too short for an IDX image header ({bytes.Length} bytes)");
        static int Be(byte[] b, int o) => b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3];
        var magic = Be(bytes, 0);
        if (magic != 0x803) throw InputException.ForFile(path, $"not an IDX image file (magic 0x{magic:x8}, expected 0x00000803)");
        int n = Be(bytes, 4), rows = Be(bytes, 8), cols = Be(bytes, 12);
        if (n <= 0) throw InputException.ForFile(path, "holds no images");
        var expected = 16L + (long)n * rows * cols;
        if (bytes.Length < expected)
            throw InputException.ForFile(path, $"truncated: header says {n} images of {rows}×{cols} ({expected} bytes) but the file has {bytes.Length}");
        if (rows > padTo || cols > padTo) throw InputException.ForFile(path, $"images are {rows}×{cols}, larger than {padTo}");
        var py = (padTo - rows) / 2;
        var px = (padTo - cols) / 2;
        var pixels = new byte[(long)n * padTo * padTo];
        for (var i = 0; i < n; i++)
            for (var y = 0; y < rows; y++)
                Array.Copy(bytes, 16 + ((long)i * rows + y) * cols, pixels, ((long)i * padTo + y + py) * padTo + px, cols);
        return (pixels, n, padTo);
    }
}
