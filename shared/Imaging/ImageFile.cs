using MmaGan.Shared.IO;
using StbImageSharp;
using StbImageWriteSharp;

namespace MmaGan.Shared.Imaging;

/// <summary>PNG/JPEG/BMP/TGA/GIF reading (StbImageSharp; a GIF's first frame) and PNG writing (StbImageWriteSharp, atomic).</summary>
public static class ImageFile
{
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tga", ".gif"];

    public static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Reads an image as 8-bit RGB (gray and RGBA are converted, as PIL's convert('RGB') does).</summary>
    public static Image8 Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw InputException.ForFile(path, "no such file"); }
        catch (IOException e) { throw InputException.ForFile(path, "cannot read: " + e.Message); }
        return Decode(bytes, path);
    }

    public static Image8 Decode(byte[] bytes, string nameForErrors)
    {
        try
        {
            var result = ImageResult.FromMemory(bytes, StbImageSharp.ColorComponents.RedGreenBlue);
            return new Image8(result.Width, result.Height, 3, result.Data);
        }
        catch (Exception e) when (e is not InputException)
        {
            throw InputException.ForFile(nameForErrors, "not a readable PNG/JPEG/BMP/TGA/GIF image (" + e.Message + ")");
        }
    }

    public static void WritePng(string path, Image8 image)
    {
        var components = image.Channels switch
        {
            1 => StbImageWriteSharp.ColorComponents.Grey,
            3 => StbImageWriteSharp.ColorComponents.RedGreenBlue,
            4 => StbImageWriteSharp.ColorComponents.RedGreenBlueAlpha,
            _ => throw new ArgumentException($"cannot write {image.Channels}-channel PNG"),
        };
        AtomicFile.Write(path, s => new ImageWriter().WritePng(image.Pixels, image.Width, image.Height, components, s));
    }
}
