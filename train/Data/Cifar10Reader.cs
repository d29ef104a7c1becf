using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;

namespace MmaGan.Train.Data;

/// <summary>
/// All images of a CIFAR-10 binary file or folder (<see cref="Cifar10Binary"/>) in memory as CHW bytes [N,3,32,32].
/// </summary>
public static class Cifar10Reader
{
    public static (byte[] Pixels, int Count) Read(string path)
    {
        var files = Cifar10Binary.Files(path);
        var counts = files.Select(Cifar10Binary.RecordCount).ToArray();
        var total = counts.Sum(c => (long)c);
        var pixels = new byte[total * Cifar10Binary.ImageBytes];
        long n = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var bytes = File.ReadAllBytes(files[f]);
            for (var r = 0; r < counts[f]; r++, n++)
            {
                var label = bytes[r * Cifar10Binary.RecordSize];
                if (label > 9) throw InputException.ForFile(files[f], $"record {r} has label {label} (not CIFAR-10 binary)");
                Array.Copy(bytes, r * Cifar10Binary.RecordSize + 1, pixels, n * Cifar10Binary.ImageBytes, Cifar10Binary.ImageBytes);
            }
        }
        return (pixels, (int)total);
    }
}
