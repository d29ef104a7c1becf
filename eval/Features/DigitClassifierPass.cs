using MmaGan.Eval.Metrics;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>One pass of a source through the digit classifier: each sample's digit classes (sample-major, <see cref="Digits"/>
/// per sample), the streaming statistics of its features — the <see cref="Digits"/> digits' features side by side, so a Stacked
/// MNIST sample is one 3·F-d vector — when asked for, and how many samples' classes all match the source's labels (labelled data).</summary>
public sealed record DigitClassifierPassResult(int Count, int Digits, int[] Classes, GaussianStats? Features, int? LabelMatches);

/// <summary>Streams a source through <see cref="DigitClassifierModel"/> in batches.</summary>
public static class DigitClassifierPass
{
    /// <param name="digits">Digits per sample: null = the source's channels (3 for Stacked MNIST, 1 for MNIST).</param>
    public static DigitClassifierPassResult Run(IImageSource source, DigitClassifierModel model, int batchSize, int? digits = null, bool wantFeatures = false,
        IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        if (batchSize < 1) throw new InputException($"--batch must be positive, got {batchSize}");
        var d = digits ?? (source.Channels == 1 ? 1 : 3);
        var classes = new int[(long)source.Count * d];
        var stats = wantFeatures ? new GaussianStats(d * (model.FeatureSize ?? 0)) : null;
        var done = 0;
        foreach (var batch in source.ReadBatches(batchSize, cancellation))
        {
            var r = model.Run(batch, d, source.Name, wantFeatures);
            r.Classes.CopyTo(classes, (long)done * d);
            if (stats is not null) stats.AddBatch(r.Features!, batch.Count); // digit j's F features follow digit j − 1's: one d·F row per sample
            done += batch.Count;
            progress?.Report(done);
        }
        int? matches = null;
        if (source.Labels is { } labels && labels.Count == source.Count && (d == 1 || source.Channels == 3))
        {
            matches = 0;
            for (var i = 0; i < source.Count; i++)
            {
                var mode = 0;
                for (var j = 0; j < d; j++) mode = mode * 10 + classes[(long)i * d + j];
                if (mode == labels[i]) matches++;
            }
        }
        return new DigitClassifierPassResult(source.Count, d, classes, stats, matches);
    }
}
