using System.Globalization;

namespace MmaGan.Train.Plots;

/// <summary>A numeric CSV log of a run (<c>losses.csv</c>, <c>metrics.csv</c>): named columns of doubles (blank → NaN).</summary>
public sealed class RunLog(IReadOnlyList<string> columns, IReadOnlyList<double[]> values)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public double[]? Column(string name) => Columns.ToList().IndexOf(name) is var i and >= 0 ? values[i] : null;

    public static RunLog? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2) return null;
        var header = lines[0].Split(',');
        var columns = header.Select(_ => new double[lines.Length - 1]).ToArray();
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (var c = 0; c < header.Length; c++)
                columns[c][r - 1] = c < cells.Length && double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        }
        return new RunLog(header, columns);
    }

    /// <summary>Means over at most <paramref name="bins"/> equal runs of consecutive rows (every row when there are fewer).</summary>
    public static (double[] X, double[] Y) Binned(double[] x, double[] y, int bins = 300)
    {
        var n = Math.Min(x.Length, y.Length);
        if (n <= bins) return (x[..n], y[..n]);
        var size = (double)n / bins;
        var xs = new double[bins];
        var ys = new double[bins];
        for (var b = 0; b < bins; b++)
        {
            int lo = (int)(b * size), hi = Math.Max(lo + 1, (int)((b + 1) * size));
            double sx = 0, sy = 0;
            var count = 0;
            for (var i = lo; i < hi && i < n; i++) { if (!double.IsFinite(y[i])) continue; sx += x[i]; sy += y[i]; count++; }
            (xs[b], ys[b]) = count > 0 ? (sx / count, sy / count) : (x[lo], double.NaN);
        }
        return (xs, ys);
    }
}
