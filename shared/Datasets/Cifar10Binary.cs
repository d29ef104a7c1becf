using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// The CIFAR-10 binary format: records of 1 label byte + 3,072 bytes (R, G, B planes of 32×32). The record count of a
/// file comes from its size; a size that is not a whole number of records means a truncated or foreign file.
/// Used by the trainer (<c>cifar10:PATH</c>) and the evaluator (CIFAR-10 sources).
/// </summary>
public static class Cifar10Binary
{
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordSize = 1 + ImageBytes;

    /// <summary>A path as given: one <c>.bin</c> file, or a folder whose <c>*.bin</c> files are taken sorted by name.</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw InputException.ForFile(path, "no such file or folder");
        var files = Directory.GetFiles(path, "*.bin").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw InputException.ForFile(path, "folder holds no CIFAR-10 .bin files");
        return files;
    }

    /// <summary>Records in <paramref name="file"/> (symbolic links followed); InputException when missing, empty or truncated.</summary>
    public static int RecordCount(string file)
    {
        if (!File.Exists(file)) throw InputException.ForFile(file, "no such file");
        var info = new FileInfo(file);
        if (info.LinkTarget != null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        var length = info.Length;
        if (length == 0) throw InputException.ForFile(file, "empty CIFAR-10 .bin file");
        if (length % RecordSize != 0)
            throw InputException.ForFile(file, $"truncated or not CIFAR-10 binary: {length} bytes is not a whole number of {RecordSize}-byte records");
        return (int)(length / RecordSize);
    }
}
