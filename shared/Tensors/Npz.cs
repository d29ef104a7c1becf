using System.IO.Compression;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Tensors;

/// <summary>
/// NumPy .npz archives: a zip file of NAME.npy members (np.savez / np.savez_compressed). Reading accepts
/// stored and deflated members; writing stores uncompressed (like np.savez) and is atomic.
/// </summary>
public static class Npz
{
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "file not found");
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                var name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using var s = entry.Open();
                result[name] = Npy.Read(s, $"{path}[{entry.FullName}]");
            }
        }
        catch (InvalidDataException e)
        {
            throw InputException.ForFile(path, $"not a valid .npz (zip) file: {e.Message}");
        }
        return result;
    }

    /// <summary>Writes each array as NAME.npy into a zip at <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, array) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
                using var es = entry.Open();
                Npy.Write(es, array);
            }
        });
    }
}
