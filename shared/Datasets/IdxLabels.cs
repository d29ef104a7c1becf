using System.Buffers.Binary;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// MNIST-style IDX label files (magic 0x00000801: unsigned bytes, 1 dimension; big-endian count, then one byte per label),
/// raw or gzip-compressed, and the convention that names them: <c>t10k-images-idx3-ubyte.gz</c> ↔ <c>t10k-labels-idx1-ubyte.gz</c>.
/// </summary>
public static class IdxLabels
{
    const int HeaderSize = 8;

    /// <summary>The labels file beside an images file: "images-idx3" → "labels-idx1" in the file name; null if the name has no such part.</summary>
    public static string? BesideImages(string imagesPath)
    {
        var name = Path.GetFileName(imagesPath);
        var at = name.IndexOf("images-idx3", StringComparison.Ordinal);
        if (at < 0) return null;
        var labels = name[..at] + "labels-idx1" + name[(at + "images-idx3".Length)..];
        return Path.Combine(Path.GetDirectoryName(imagesPath) ?? "", labels);
    }

    /// <summary>The labels, each 0–9; InputException when missing, not an IDX label file, truncated or out of range.</summary>
    public static byte[] Read(string path)
    {
        var bytes = IdxFile.ReadBytes(path);
        if (bytes.Length < HeaderSize || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x00000801)
            throw InputException.ForFile(path, "not an IDX label file (expected magic 0x00000801: unsigned bytes, 1 dimension)");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (n <= 0) throw InputException.ForFile(path, $"IDX header has no labels ({n})");
        if (bytes.Length - HeaderSize < n)
            throw InputException.ForFile(path, $"truncated IDX file: header says {n} labels but only {bytes.Length - HeaderSize} follow");
        var labels = bytes.AsSpan(HeaderSize, n).ToArray();
        var bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw InputException.ForFile(path, $"label {bad} is {labels[bad]} (digits are 0–9)");
        return labels;
    }
}
