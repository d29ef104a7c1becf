using System.IO.Compression;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>The bytes of an IDX file (MNIST's format), raw or gzip-compressed (recognised by the gzip magic 1f 8b).</summary>
internal static class IdxFile
{
    public static byte[] ReadBytes(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
        try
        {
            var raw = File.ReadAllBytes(path);
            if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException e) { throw InputException.ForFile(path, "corrupt gzip stream: " + e.Message); }
    }
}
