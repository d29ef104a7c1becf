using MmaGan.Shared.Datasets;

namespace MmaGan.Eval.Sources;

/// <summary>
/// A data-set spec (<c>mnist:PATH</c>, <c>stacked-mnist:PATH</c>, <c>cifar10:PATH</c>, <c>images:DIR</c>) read by <see cref="ImageDatasetReader"/>
/// exactly as the trainer reads it (MNIST padded to 32×32, image folders recursive, centre-cropped and resized to
/// <c>--image-size</c>), so a reference's statistics describe the data a generator was trained on. Values / 255;
/// one channel is repeated to 3.
/// </summary>
public sealed class DatasetSource(ImageDataSpec spec, int imageSize, int? limit = null, Action<string>? log = null) : IImageSource
{
    readonly DatasetImages _images = ImageDatasetReader.Read(spec, imageSize, limit, log);

    public string Name { get; } = spec.ToString();
    public int Count => _images.Count;

    public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
    {
        var (size, channels) = (_images.Size, _images.Channels);
        var plane = size * size;
        for (var start = 0; start < Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, Count - start);
            var data = new float[count * 3 * plane];
            for (var i = 0; i < count; i++)
                for (var c = 0; c < 3; c++)
                {
                    var src = ((long)(start + i) * channels + Math.Min(c, channels - 1)) * plane;
                    var dst = (i * 3 + c) * plane;
                    for (var p = 0; p < plane; p++) data[dst + p] = _images.Pixels[src + p] / 255f;
                }
            yield return new ImageBatch(data, count, size, size);
        }
    }

    public void Dispose() { }
}
