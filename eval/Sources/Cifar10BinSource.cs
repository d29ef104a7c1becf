using MmaGan.Shared.Datasets;

namespace MmaGan.Eval.Sources;

/// <summary>
/// CIFAR-10 binary batches (data_batch_N.bin / test_batch.bin): records of 1 label byte + 3072 bytes (R, G, B
/// planes of 32×32), format checks in <see cref="Cifar10Binary"/>. Several files are read in the given order.
/// </summary>
public sealed class Cifar10BinSource : IImageSource
{
    public const int RecordSize = Cifar10Binary.RecordSize;
    readonly (string Path, int Records)[] _files;

    public Cifar10BinSource(IReadOnlyList<string> paths, int? limit = null)
    {
        Name = string.Join(",", paths);
        _files = paths.Select(p => (p, Cifar10Binary.RecordCount(p))).ToArray();
        var total = _files.Sum(f => (long)f.Records);
        Count = (int)Math.Min(total, limit ?? int.MaxValue);
    }

    public string Name { get; }
    public int Count { get; }

    public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
    {
        var remaining = Count;
        var record = new byte[RecordSize];
        var inBatch = 0;
        var data = new float[Math.Min(batchSize, Math.Max(remaining, 1)) * 3072];
        foreach (var (path, records) in _files)
        {
            if (remaining == 0) break;
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            for (var r = 0; r < records && remaining > 0; r++, remaining--)
            {
                cancellation.ThrowIfCancellationRequested();
                s.ReadExactly(record);
                var off = inBatch * 3072;
                for (var i = 0; i < 3072; i++) data[off + i] = record[1 + i] / 255f;
                if (++inBatch == batchSize)
                {
                    yield return new ImageBatch(data, inBatch, 32, 32);
                    data = new float[Math.Min(batchSize, Math.Max(remaining - 1, 1)) * 3072]; // remaining still counts this record
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) yield return new ImageBatch(data, inBatch, 32, 32);
    }

    public void Dispose() { }
}
