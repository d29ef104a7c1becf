using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Metrics;

public sealed record LpipsDiversityResult(double Mean, int Pairs);

/// <summary>The images of a source that take part in LPIPS pairs, by their index in the source, each [3,H,W] in [0, 1].</summary>
public sealed record PairImages(IReadOnlyDictionary<int, float[]> ByIndex, int Height, int Width);

/// <summary>
/// Sample diversity as the mean LPIPS distance between pairs of images of one source (higher = more diverse).
/// <c>consecutive</c>: (x0,x1), (x2,x3), … in source order; <c>random</c>: distinct unordered pairs {i≠j} drawn with the
/// evaluator's seeded generator <see cref="Mt19937"/> (as IS's shuffle is), so a pair list is reproducible anywhere:
/// numpy's <c>rs = np.random.RandomState(seed)</c>, then repeat <c>a, b = rs.randint(count), rs.randint(count)</c>, skipping
/// a = b and pairs already drawn, gives the same list. Only the images that take part in a pair are kept in memory.
/// </summary>
public static class LpipsDiversity
{
    public static IReadOnlyList<(int A, int B)> Pairs(int count, string mode, int? nPairs, int seed)
    {
        if (count < 2) throw new InputException($"LPIPS diversity needs at least 2 samples, got {count}");
        var maxPairs = mode == "consecutive" ? count / 2 : (int)Math.Min((long)count * (count - 1) / 2, int.MaxValue);
        var n = nPairs ?? count / 2;
        if (n < 1) throw new InputException($"--lpips-pairs must be positive, got {n}");
        if (n > maxPairs) throw new InputException($"--lpips-pairs {n}: only {maxPairs} {mode} pairs exist among {count} samples");
        switch (mode)
        {
            case "consecutive":
                return Enumerable.Range(0, n).Select(i => (2 * i, 2 * i + 1)).ToList();
            case "random":
                var rng = new Mt19937(unchecked((uint)seed));
                var seen = new HashSet<(int, int)>();
                var pairs = new List<(int, int)>(n);
                while (pairs.Count < n)
                {
                    var a = (int)rng.Interval((ulong)(count - 1)); // numpy's legacy randint(count)
                    var b = (int)rng.Interval((ulong)(count - 1));
                    if (a == b) continue;
                    var key = a < b ? (a, b) : (b, a);
                    if (seen.Add(key)) pairs.Add(key);
                }
                return pairs;
            default:
                throw new InputException($"--lpips-pairing '{mode}': expected random or consecutive");
        }
    }

    /// <summary>LPIPS diversity of <paramref name="source"/>: its images that take part in a pair (<see cref="ReadImages"/>), then the
    /// pairs scored (<see cref="Score"/>; <paramref name="progress"/> receives the pairs scored so far).</summary>
    public static LpipsDiversityResult Compute(IImageSource source, LpipsModel model, string mode = "random", int? nPairs = null,
        int seed = 0, int batchSize = 50, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        var pairs = Pairs(source.Count, mode, nPairs, seed);
        return Score(ReadImages(source, pairs, batchSize, cancellation), pairs, model, batchSize, cancellation, progress);
    }

    /// <summary>The images of <paramref name="source"/> that take part in <paramref name="pairs"/>, by index (the others are not
    /// kept); <paramref name="progress"/> receives the images read so far.</summary>
    public static PairImages ReadImages(IImageSource source, IReadOnlyList<(int A, int B)> pairs, int batchSize = 50,
        CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        var needed = new HashSet<int>(pairs.SelectMany(p => new[] { p.A, p.B }));
        var images = new Dictionary<int, float[]>();
        int h = 0, w = 0, index = 0;
        foreach (var batch in source.ReadBatches(batchSize, cancellation))
        {
            (h, w) = (batch.Height, batch.Width);
            var size = batch.ImageSize;
            for (var i = 0; i < batch.Count; i++, index++)
                if (needed.Contains(index))
                    images[index] = batch.Data.AsSpan(i * size, size).ToArray();
            progress?.Report(index);
        }
        return new PairImages(images, h, w);
    }

    /// <summary>The mean LPIPS distance over <paramref name="pairs"/>; <paramref name="progress"/> receives the pairs scored so far.</summary>
    public static LpipsDiversityResult Score(PairImages images, IReadOnlyList<(int A, int B)> pairs, LpipsModel model, int batchSize = 50,
        CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        var sum = 0.0;
        var (h, w) = (images.Height, images.Width);
        var imageSize = 3 * h * w;
        for (var start = 0; start < pairs.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, pairs.Count - start);
            var x0 = new float[count * imageSize];
            var x1 = new float[count * imageSize];
            for (var i = 0; i < count; i++)
            {
                var (a, b) = pairs[start + i];
                To11(images.ByIndex[a], x0.AsSpan(i * imageSize, imageSize));
                To11(images.ByIndex[b], x1.AsSpan(i * imageSize, imageSize));
            }
            foreach (var d in model.Distance(x0, x1, count, h, w)) sum += d;
            progress?.Report(start + count);
        }
        return new LpipsDiversityResult(sum / pairs.Count, pairs.Count);
    }

    static void To11(ReadOnlySpan<float> src01, Span<float> dst)
    {
        for (var i = 0; i < dst.Length; i++) dst[i] = src01[i] * 2 - 1;
    }
}
