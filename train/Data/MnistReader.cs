using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;

namespace MmaGan.Train.Data;

/// <summary>
/// MNIST images (<see cref="IdxImages"/>, gzip or raw), padded with black pixels on each side to 32×32, as DCGAN-style
/// 32-pixel networks expect.
/// </summary>
public static class MnistReader
{
    public static (byte[] Pixels, int Count, int Size) Read(string path, int padTo = 32)
    {
        var idx = IdxImages.Read(path);
        int n = idx.Count, rows = idx.Rows, cols = idx.Cols;
        if (rows > padTo || cols > padTo) throw InputException.ForFile(path, $"images are {rows}×{cols}, larger than {padTo}");
        var py = (padTo - rows) / 2;
        var px = (padTo - cols) / 2;
        var pixels = new byte[(long)n * padTo * padTo];
        for (var i = 0; i < n; i++)
            for (var y = 0; y < rows; y++)
                Array.Copy(idx.Pixels, ((long)i * rows + y) * cols, pixels, ((long)i * padTo + y + py) * padTo + px, cols);
        return (pixels, n, padTo);
    }
}
