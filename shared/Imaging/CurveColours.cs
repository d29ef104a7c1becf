namespace MmaGan.Shared.Imaging;

/// <summary>
/// One distinct colour per curve of a plot (the trainer's run plots and the sweep runner's figures): Category10 up to 10
/// curves; beyond, evenly spaced hues around the colour wheel at one strength (never a pale copy of another: Category20 and
/// the 25-colour palettes pair each hue with a paler one, so 16 MMA-GAN heads showed a_1 and a_2 both blue), visited in an
/// order that puts curves k and k+1 far apart on the wheel, the lightness alternating between two mid levels.
/// </summary>
public static class CurveColours
{
    /// <summary>Up to this many curves a plot keeps its legend beside the data, one entry per line; more get rows under it.</summary>
    public const int LegendBesideUpTo = 10;

    /// <summary>About this many legend entries fit one row under an 800-pixel plot.</summary>
    public const int LegendEntriesPerRow = 8;

    static readonly (byte R, byte G, byte B)[] Category10 =
    [
        (0x1f, 0x77, 0xb4), (0xff, 0x7f, 0x0e), (0x2c, 0xa0, 0x2c), (0xd6, 0x27, 0x28), (0x94, 0x67, 0xbd),
        (0x8c, 0x56, 0x4b), (0xe3, 0x77, 0xc2), (0x7f, 0x7f, 0x7f), (0xbc, 0xbd, 0x22), (0x17, 0xbe, 0xcf),
    ];

    /// <summary>The colours of <paramref name="count"/> curves, in order.</summary>
    public static (byte R, byte G, byte B)[] For(int count)
    {
        if (count <= Category10.Length) return Category10[..Math.Max(count, 0)];
        var step = Enumerable.Range((int)Math.Round(count * 0.38), count).First(s => Gcd(s, count) == 1);
        return [.. Enumerable.Range(0, count).Select(i => FromHsl((double)(i * step % count) / count, 0.85, i % 2 == 0 ? 0.42 : 0.55))];
    }

    /// <summary>The legend rows under a plot of <paramref name="count"/> curves (0: the legend stands beside it).</summary>
    public static int LegendRowsBelow(int count) => count <= LegendBesideUpTo ? 0 : (count + LegendEntriesPerRow - 1) / LegendEntriesPerRow;

    static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>HSL (each in [0, 1]) to 8-bit RGB.</summary>
    static (byte R, byte G, byte B) FromHsl(double h, double s, double l)
    {
        var c = (1 - Math.Abs(2 * l - 1)) * s;
        var hp = h * 6;
        var x = c * (1 - Math.Abs(hp % 2 - 1));
        var (r, g, b) = hp switch
        {
            < 1 => (c, x, 0.0), < 2 => (x, c, 0.0), < 3 => (0.0, c, x), < 4 => (0.0, x, c), < 5 => (x, 0.0, c), _ => (c, 0.0, x),
        };
        var m = l - c / 2;
        static byte B8(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
        return (B8(r + m), B8(g + m), B8(b + m));
    }
}
