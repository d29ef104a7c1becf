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
            float x = samplesXy[2 * i], y = samplesXy[2 * i + 1];
            var (mode, distance) = mixture.Nearest(x, y);
            text.Append(CultureInfo.InvariantCulture,
                $"{x:R},{y:R},{mode},{distance / mixture.Sigma:G6},{(distance <= mixture.HighQualityRadius ? 1 : 0)}\n");
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
