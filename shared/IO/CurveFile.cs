using System.Globalization;

namespace MmaGan.Shared.IO;

/// <summary>A numeric CSV log of the trainer (losses.csv, metrics.csv) as named columns, for the trainer's and the bench's plots.</summary>
public sealed record CurveFile(string[] Columns, double[][] Values)
{
    public static CurveFile? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2) return null;
        var header = lines[0].Split(',');
        var cols = header.Select(_ => new List<double>()).ToArray();
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length != header.Length) continue;
            for (var i = 0; i < parts.Length; i++)
                cols[i].Add(double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
        }
        return new CurveFile(header, cols.Select(c => c.ToArray()).ToArray());
    }

    public double[]? Column(string name) => Array.IndexOf(Columns, name) is var i && i >= 0 ? Values[i] : null;

    /// <summary>Bin means of (x, y) into at most <paramref name="bins"/> points: a smoothed, plot-sized curve.</summary>
    public static (double[] X, double[] Y) Binned(double[] x, double[] y, int bins = 200)
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
            xs[b] = count > 0 ? sx / count : x[lo];
            ys[b] = count > 0 ? sy / count : double.NaN;
        }
        return (xs, ys);
    }
}
