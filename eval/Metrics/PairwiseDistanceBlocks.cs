using MmaGan.Eval.Metrics.LinearAlgebra;

namespace MmaGan.Eval.Metrics;

/// <summary>
/// Squared Euclidean distances between the rows of two feature sets, one tile at a time, so that no N×M matrix is ever
/// held: ‖xᵢ − yⱼ‖² = ‖xᵢ‖² + ‖yⱼ‖² − 2·xᵢ·yⱼ in float64 (the cross term by <see cref="DenseGemm"/>; clamped at 0).
/// Memory: two tiles of <see cref="Tile"/> rows as float64 plus one Tile×Tile block.
/// </summary>
internal sealed class PairwiseDistanceBlocks
{
    public const int Tile = 1024;
    readonly FeatureMatrix _x, _y;
    readonly double[] _xNorms, _yNorms;
    readonly bool _same;

    public PairwiseDistanceBlocks(FeatureMatrix x, FeatureMatrix y)
    {
        if (x.Cols != y.Cols) throw new ArgumentException($"features of different dimensions ({x.Cols} vs {y.Cols})");
        _x = x;
        _y = y;
        _same = ReferenceEquals(x, y);
        _xNorms = SquaredNorms(x);
        _yNorms = _same ? _xNorms : SquaredNorms(y);
    }

    static double[] SquaredNorms(FeatureMatrix f)
    {
        var n = new double[f.Rows];
        for (var i = 0; i < f.Rows; i++)
        {
            var s = 0.0;
            foreach (var v in f.Row(i)) s += (double)v * v;
            n[i] = s;
        }
        return n;
    }

    /// <summary>
    /// Calls <paramref name="visit"/>(i0, rows, j0, cols, d2) for every tile of the distance matrix, d2 row-major
    /// [rows, cols] with leading dimension <paramref name="ld"/> = cols. When x and y are the same set, only tiles with
    /// j0 ≥ i0 are visited (the rest is their transpose) and the diagonal is exactly 0.
    /// </summary>
    public void ForEachTile(Action<int, int, int, int, double[]> visit, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        var d = _x.Cols;
        var xt = new double[Tile * d];
        var yt = new double[Tile * d];
        var g = new double[Tile * Tile];
        long done = 0;
        for (var i0 = 0; i0 < _x.Rows; i0 += Tile)
        {
            var rows = Math.Min(Tile, _x.Rows - i0);
            _x.CopyDouble(i0, rows, xt);
            for (var j0 = _same ? i0 : 0; j0 < _y.Rows; j0 += Tile)
            {
                cancellation.ThrowIfCancellationRequested();
                var cols = Math.Min(Tile, _y.Rows - j0);
                var yb = xt;
                if (!(_same && j0 == i0)) { _y.CopyDouble(j0, cols, yt); yb = yt; }
                Array.Clear(g, 0, rows * cols);
                // G = −2·X_I·Y_Jᵀ, then + ‖x‖² + ‖y‖².
                DenseGemm.Multiply(rows, cols, d, -2.0, xt, 0, d, false, yb, 0, d, true, g, 0, cols);
                for (var i = 0; i < rows; i++)
                {
                    var xn = _xNorms[i0 + i];
                    var row = g.AsSpan(i * cols, cols);
                    for (var j = 0; j < cols; j++) row[j] = Math.Max(0, row[j] + xn + _yNorms[j0 + j]);
                    if (_same && j0 == i0) row[i] = 0;
                }
                visit(i0, rows, j0, cols, g);
                progress?.Report(done += (long)rows * cols);
            }
        }
    }

    /// <summary>Number of distance entries <see cref="ForEachTile"/> visits (for progress).</summary>
    public long Work()
    {
        if (!_same) return (long)_x.Rows * _y.Rows;
        long total = 0;
        for (var i0 = 0; i0 < _x.Rows; i0 += Tile)
            for (var j0 = i0; j0 < _y.Rows; j0 += Tile) total += (long)Math.Min(Tile, _x.Rows - i0) * Math.Min(Tile, _y.Rows - j0);
        return total;
    }
}
