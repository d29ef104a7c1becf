using System.Collections.Concurrent;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Preprocessing;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Features;

/// <summary>Results of one pass of a source through a feature model.</summary>
/// <param name="Stats">Streaming mean/covariance accumulator of the features (never all of them in memory).</param>
/// <param name="Logits">[Count, LogitsSize] when logits were requested, else null.</param>
public sealed record ExtractionResult(int Count, GaussianStats Stats, float[]? Logits, int? LogitsSize, double Seconds);

/// <summary>Where the feature rows of a pass go, batch by batch, in source order (a <see cref="StreamingNpyWriter"/>, or memory).</summary>
public interface IFeatureSink
{
    void Append(ReadOnlySpan<float> rows);
}

/// <summary>
/// Streams a source through a feature model as a three-stage pipeline — decode and, for a model whose convention
/// resizes outside the network (<see cref="IFeatureModel.Preprocessing"/>), the resize (a producer thread) →
/// inference (the caller's thread) → accumulation (a consumer thread) — with bounded queues of two batches, so
/// decoding, ONNX Runtime and the covariance update overlap instead of running in turn. <c>progress</c> receives the
/// number of images through the model after each batch.
/// </summary>
public static class FeatureExtractor
{
    public const int DefaultBatch = Shared.Metrics.EvaluationDefaults.Batch;

    public static ExtractionResult Run(IImageSource source, IFeatureModel model, int batchSize = DefaultBatch,
        bool wantLogits = false, IFeatureSink? featuresOut = null, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        if (batchSize < 1) throw new InputException($"--batch must be positive, got {batchSize}");
        if (wantLogits && model.LogitsOutput == null)
            throw InputException.ForFile(model.Path, "feature model has no logits output (Inception: 'logits_unbiased' or 'logits'), needed for the Inception Score");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var stats = new GaussianStats(model.FeatureSize);
        var logits = wantLogits ? new float[(long)source.Count * model.LogitsSize!.Value] : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var decoded = new BlockingCollection<ImageBatch>(2);
        using var inferred = new BlockingCollection<(float[] Features, int Count)>(2);

        var preprocess = new ImagePreprocessor(model.Preprocessing);
        // A stage that fails cancels the others: a consumer that dies (a full disk under featuresOut) must not leave the
        // stage before it blocked forever on a full queue.
        var producer = Task.Factory.StartNew(() =>
        {
            try { foreach (var b in source.ReadBatches(batchSize, cts.Token)) decoded.Add(preprocess.Apply(b), cts.Token); }
            catch { cts.Cancel(); throw; }
            finally { decoded.CompleteAdding(); }
        }, cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var accumulator = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var (features, count) in inferred.GetConsumingEnumerable(cts.Token))
                {
                    stats.AddBatch(features, count);
                    featuresOut?.Append(features.AsSpan(0, count * model.FeatureSize));
                }
            }
            catch { cts.Cancel(); throw; }
        }, cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var done = 0;
        try
        {
            foreach (var batch in decoded.GetConsumingEnumerable(cts.Token))
            {
                var (features, batchLogits) = model.Run(batch.Data, batch.Count, batch.Height, batch.Width, wantLogits);
                RequireFinite(features.AsSpan(0, batch.Count * model.FeatureSize), model, source, done);
                if (batchLogits != null) batchLogits.CopyTo(logits!, (long)done * model.LogitsSize!.Value);
                inferred.Add((features, batch.Count), cts.Token);
                done += batch.Count;
                progress?.Report(done);
            }
            inferred.CompleteAdding();
            producer.GetAwaiter().GetResult();
            accumulator.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            cts.Cancel();
            inferred.CompleteAdding();
            // Surface the root cause (a producer's InputException rather than the cancellation it caused).
            var root = FirstFault(producer) ?? FirstFault(accumulator);
            if (root != null && e is OperationCanceledException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(root).Throw();
            throw;
        }
        if (done != source.Count) throw new InvalidOperationException($"{source.Name}: read {done} images, expected {source.Count}");
        return new ExtractionResult(done, stats, logits, model.LogitsSize, started.Elapsed.TotalSeconds);
    }

    /// <summary>Refuses NaN/±∞ features where they are produced: statistics of them would be NaN (a NaN .npz, exit 0, before).</summary>
    static void RequireFinite(ReadOnlySpan<float> features, IFeatureModel model, IImageSource source, int first)
    {
        var bad = NonFinite.FirstIndex(features);
        if (bad < 0) return;
        throw InputException.ForFile(model.Path, $"gave a non-finite feature ({NonFinite.Describe(features[(int)bad])}) for image {first + bad / model.FeatureSize} of {source.Name}: " +
                                                 "a feature model must give finite features; nothing was written");
    }

    static Exception? FirstFault(Task t)
    {
        try { t.Wait(TimeSpan.FromSeconds(30)); } catch { }
        return t.Exception?.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException);
    }
}
