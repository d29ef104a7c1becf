namespace MmaGan.Shared.Imaging;

/// <summary>An 8-bit image in row-major HWC order (1 = gray, 3 = RGB, 4 = RGBA).</summary>
public sealed record Image8(int Width, int Height, int Channels, byte[] Pixels)
{
    public byte this[int y, int x, int c] => Pixels[(y * Width + x) * Channels + c];
}
