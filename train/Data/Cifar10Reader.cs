using MmaGan.Shared.IO;

namespace MmaGan.Train.Data;

/// <summary>
/// CIFAR-10 binary format: records of 1 label byte + 3,072 bytes (R, G, B planes of 32×32). A path is one `.bin` file or a
/// folder of them (sorted by name: data_batch_1..5, test_batch); the record count comes from each file's size.
/// </summary>
public static class Cifar10Reader
{
    public const int RecordSize = 1 + 3 * 32 * 32;

    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw InputException.ForFile(path, "no such file or folder");
        var files = Directory.GetFiles(path, "*.bin").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw InputException.ForFile(path, "folder holds no CIFAR-10 .bin files");
        return files;
    }

    /// <summary>All images as CHW bytes, concatenated: [N,3,32,32].</summary>
    public static (byte[] Pixels, int Count) Read(string path)
    {
        var files = Files(path);
        var total = 0L;
        foreach (var f in files)
        {
            var len = new FileInfo(f).Length;
            if (len == 0) throw InputException.ForFile(f, "empty file");
            if (len % RecordSize != 0)
                throw InputException.ForFile(f, $"not CIFAR-10 binary: size {len} is not a multiple of the {RecordSize}-byte record (truncated or wrong format)");
            total += len / RecordSize;
        }
        var pixels = new byte[total * (RecordSize - 1)];
        long n = 0;
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            for (var r = 0; r < bytes.Length / RecordSize; r++, n++)
            {
                if (bytes[r * RecordSize] > 9) throw InputException.ForFile(f, $"record {r} has label {bytes[r * RecordSize]} (not CIFAR-10 binary)");
                Array.Copy(bytes, r * RecordSize + 1, pixels, n * (RecordSize - 1), RecordSize - 1);
            }
        }
        return (pixels, (int)total);
    }
}
