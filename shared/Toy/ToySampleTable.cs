using System.Globalization;
using System.Text;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Toy;

/// <summary>
/// A CSV of 2-D samples as <see cref="ToyMetrics"/> judges them, one row each: x, y, nearest_mode (index into the mixture's
/// centres), distance_sigma (distance to that centre in units of σ) and hq (1 when within 3σ) — to plot, or to tell mass
/// spread around the centres (distance_sigma just above 3) from mass between them (far above 3). Written atomically.
/// </summary>
public static class ToySampleTable
{
    public const string Header = "x,y,nearest_mode,distance_sigma,hq";

    public static void Write(string path, ToyMixture mixture, ReadOnlySpan<float> samplesXy)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < samplesXy.Length / 2; i++)
        {
            double x = samplesXy[2 * i], y = samplesXy[2 * i + 1];
            var (mode, distance) = Nearest(mixture, x, y);
            var sigmas = distance / mixture.Sigma;
            text.Append(CultureInfo.InvariantCulture, $"{samplesXy[2 * i].ToString("R", CultureInfo.InvariantCulture)},{samplesXy[2 * i + 1].ToString("R", CultureInfo.InvariantCulture)},")
                .Append(CultureInfo.InvariantCulture, $"{mode},{sigmas.ToString("G6", CultureInfo.InvariantCulture)},{(distance <= 3 * mixture.Sigma ? 1 : 0)}\n");
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The nearest centre and the distance to it (the first of equally near centres, as <see cref="ToyMetrics"/> assigns).</summary>
    public static (int Mode, double Distance) Nearest(ToyMixture mixture, double x, double y)
    {
        var best = double.PositiveInfinity;
        var bestK = -1;
        for (var j = 0; j < mixture.Centres.Length; j++)
        {
            var dx = x - mixture.Centres[j].X;
            var dy = y - mixture.Centres[j].Y;
            var d = dx * dx + dy * dy;
            if (d < best) { best = d; bestK = j; }
        }
        return (bestK, Math.Sqrt(best));
    }
}
