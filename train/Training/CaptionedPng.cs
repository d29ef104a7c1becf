using MmaGan.Shared.Imaging;
using SkiaSharp;

namespace MmaGan.Train.Training;

/// <summary>An image with a one-line caption band above it (SkiaSharp, which ScottPlot already brings), as PNG bytes.</summary>
public static class CaptionedPng
{
    const int Band = 20;

    /// <summary>The image under its caption; the canvas widens (white) to fit the whole caption when the image is narrower.</summary>
    public static byte[] Encode(Image8 image, string caption)
    {
        using var font = new SKFont(SKTypeface.Default, 12);
        var textWidth = (int)Math.Ceiling(font.MeasureText(caption)) + 6;
        var info = new SKImageInfo(Math.Max(image.Width, Math.Max(160, textWidth)), image.Height + Band, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var body = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var rgba = new byte[image.Width * image.Height * 4];
            for (var p = 0; p < image.Width * image.Height; p++)
            {
                for (var k = 0; k < 3; k++) rgba[p * 4 + k] = image.Pixels[p * image.Channels + Math.Min(k, image.Channels - 1)];
                rgba[p * 4 + 3] = 255;
            }
            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, body.GetPixels(), rgba.Length);
            canvas.DrawBitmap(body, 0, Band);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(caption, 3, Band - 6, SKTextAlign.Left, font, paint);
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
