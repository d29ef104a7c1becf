using MmaGan.Shared.Datasets;

namespace MmaGan.Eval.Sources;

/// <summary>MNIST-style IDX image files (<see cref="IdxImages"/>), raw or gzip; gray values / 255 repeated to 3 channels.</summary>
public sealed class MnistIdxSource : IImageSource
{
    readonly byte[] _pixels;
    readonly int _rows, _cols;

    public MnistIdxSource(string path, int? limit = null)
    {
        Name = path;
        var idx = IdxImages.Read(path);
        (_pixels, _rows, _cols) = (idx.Pixels, idx.Rows, idx.Cols);
        Count = Math.Min(idx.Count, limit ?? int.MaxValue);
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
                var src = (start + i) * plane;
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
