using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>Deterministic synthetic images.</summary>
internal static class Synthetic
{
    /// <summary>Every pixel different: red along x, green along y, blue in a checker pattern.</summary>
    public static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)),
                        (byte)((((x / 4) + (y / 4)) % 2) * 200));
                }
            }
        });
        return image;
    }

    /// <summary>Vertical bands of solid colours, left to right, with the given widths.</summary>
    public static Image<Rgb24> Bands(int height, params (int Width, Rgb24 Color)[] bands)
    {
        var image = new Image<Rgb24>(bands.Sum(b => b.Width), height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var x = 0;
                foreach (var (width, color) in bands)
                {
                    row.Slice(x, width).Fill(color);
                    x += width;
                }
            }
        });
        return image;
    }

    /// <summary>A gradient image encoded as PNG bytes.</summary>
    public static byte[] Png(int width = 64, int height = 48)
    {
        using var image = Gradient(width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
