using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Sources;

/// <summary>
/// n images from a generator ONNX: latents z ~ N(0, I) from <see cref="StandardNormalLatents"/>(seed) (so the same seed
/// gives the same samples in every tool), output [N,C,H,W] (C = 1 or 3) mapped from the model's output range
/// (metadata "output_range", default [-1,1], or an override) to [0,1] and clamped. Any NaN/∞ output fails with a count.
/// </summary>
public sealed class GeneratorSource : IImageSource
{
    readonly OnnxGenerator _generator;
    readonly float _low, _high;
    readonly int _seed;

    public GeneratorSource(string path, int n, int seed = 42, string device = "cpu", (float Low, float High)? outputRange = null, int threads = 0)
    {
        Name = path;
        if (n < 1) throw new InputException($"--n must be positive, got {n}");
        _generator = OnnxGenerator.Open(path, threads, device);
        try
        {
            var shape = _generator.SampleShape;
            if (shape.Length != 3 || shape[0] is not (1 or 3))
                throw InputException.ForFile(path, $"generator output is [N,{string.Join(",", shape)}]; an image generator must output [N,C,H,W] with C = 1 or 3");
            (_low, _high) = outputRange ?? _generator.OutputRange;
            if (!float.IsFinite(_low) || !float.IsFinite(_high) || !(_low < _high))
                throw InputException.ForFile(path, $"output range [{_low},{_high}] cannot be mapped to image values; pass --output-range LOW,HIGH");
        }
        catch { _generator.Dispose(); throw; }
        Count = n;
        _seed = seed;
    }

    public string Name { get; }
    public int Count { get; }
    public OnnxGenerator Generator => _generator;

    public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
    {
        var zdim = _generator.LatentSize;
        _generator.CheckBatch(Math.Min(batchSize, Count));   // the output of one batch must fit before the latents are drawn
        var z = StandardNormalLatents.SampleRows(_seed, Count, zdim, $"--n {Count} samples of {Name}");
        var c = _generator.SampleShape[0];
        var h = _generator.SampleShape[1];
        var w = _generator.SampleShape[2];
        var plane = h * w;
        var scale = 1f / (_high - _low);
        for (var start = 0; start < Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, Count - start);
            var raw = _generator.Run(z[(start * zdim)..((start + count) * zdim)], count);
            var bad = 0;
            foreach (var v in raw) if (!float.IsFinite(v)) bad++;
            if (bad > 0)
                throw InputException.ForFile(Name, $"generator output has {bad} NaN/infinite values in samples {start}..{start + count - 1} (seed {_seed})");
            var data = new float[count * 3 * plane];
            for (var i = 0; i < count; i++)
                for (var ch = 0; ch < 3; ch++)
                {
                    var src = i * c * plane + (c == 1 ? 0 : ch) * plane;
                    var dst = (i * 3 + ch) * plane;
                    for (var p = 0; p < plane; p++)
                        data[dst + p] = Math.Clamp((raw[src + p] - _low) * scale, 0f, 1f);
                }
            yield return new ImageBatch(data, count, h, w);
        }
    }

    public void Dispose() => _generator.Dispose();
}
