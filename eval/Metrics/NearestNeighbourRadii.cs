namespace MmaGan.Eval.Metrics;

/// <summary>
/// k-NN radii within one feature set: for each row, the distance to its k-th nearest neighbour other than itself —
/// clovaai prdc's <c>compute_nearest_neighbour_distances</c> (the (k+1)-th smallest distance of the row, self included at
/// distance 0) and torch-fidelity's <c>kthvalue(k + 1)</c>. Returned squared. Streams tiles (never the N×N matrix):
/// each row keeps its k+1 smallest squared distances in a small sorted buffer.
/// </summary>
public static class NearestNeighbourRadii
{
    public static double[] Squared(FeatureMatrix f, int k, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        if (k < 1 || k > f.Rows - 1) throw new ArgumentException($"--prdc-k must be in [1, {f.Rows - 1}] for {f.Rows} samples, got {k}");
        var keep = k + 1;
        var best = new double[f.Rows * keep];
        Array.Fill(best, double.PositiveInfinity);
        var blocks = new PairwiseDistanceBlocks(f, f);
        blocks.ForEachTile((i0, rows, j0, cols, d2) =>
        {
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < cols; j++)
                {
                    var v = d2[i * cols + j];
                    Offer(best.AsSpan((i0 + i) * keep, keep), v);
                    // The tile (J, I) is not visited: its entries are this tile's transpose.
                    if (j0 != i0) Offer(best.AsSpan((j0 + j) * keep, keep), v);
                }
        }, cancellation, progress);
        var radii = new double[f.Rows];
        for (var i = 0; i < f.Rows; i++) radii[i] = best[i * keep + keep - 1];
        return radii;
    }

    /// <summary>Inserts <paramref name="v"/> into the ascending buffer <paramref name="b"/> if smaller than its largest entry.</summary>
    static void Offer(Span<double> b, double v)
    {
        var last = b.Length - 1;
        if (!(v < b[last])) return;
        var p = last;
        while (p > 0 && b[p - 1] > v) { b[p] = b[p - 1]; p--; }
        b[p] = v;
    }
}
