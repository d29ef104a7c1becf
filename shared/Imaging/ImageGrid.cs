namespace MmaGan.Shared.Imaging;

/// <summary>Tiles equally sized images into one grid image (for sample sheets).</summary>
public static class ImageGrid
{
    public static Image8 Tile(IReadOnlyList<Image8> images, int columns, int padding = 2, byte background = 0)
    {
        if (images.Count == 0) throw new ArgumentException("no images to tile");
        var first = images[0];
        int w = first.Width, h = first.Height, c = first.Channels;
        var rows = (images.Count + columns - 1) / columns;
        var width = columns * w + (columns + 1) * padding;
        var height = rows * h + (rows + 1) * padding;
        var pixels = new byte[width * height * c];
        Array.Fill(pixels, background);
        for (var i = 0; i < images.Count; i++)
        {
            var img = images[i];
            if (img.Width != w || img.Height != h || img.Channels != c) throw new ArgumentException("images differ in size");
            var ox = padding + (i % columns) * (w + padding);
            var oy = padding + (i / columns) * (h + padding);
            for (var y = 0; y < h; y++)
                Array.Copy(img.Pixels, y * w * c, pixels, ((oy + y) * width + ox) * c, w * c);
        }
        return new Image8(width, height, c, pixels);
    }
}
