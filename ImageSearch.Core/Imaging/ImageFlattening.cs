using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Imaging;

public static class ImageFlattening
{
    /// <summary>
    /// Composites <paramref name="source"/> over opaque white; the result carries no metadata of the source. Its pixels come
    /// from the source's configuration (the decoders' capped allocator), not from ImageSharp's process-wide default pool.
    /// </summary>
    public static Image<Rgb24> OntoWhite(Image<Rgba32> source)
    {
        var result = new Image<Rgb24>(source.GetConfiguration(), source.Width, source.Height);
        source.ProcessPixelRows(result, static (from, to) =>
        {
            for (var y = 0; y < from.Height; y++)
            {
                var src = from.GetRowSpan(y);
                var dst = to.GetRowSpan(y);
                for (var x = 0; x < src.Length; x++)
                {
                    var p = src[x];
                    var a = p.A;
                    var white = 255 - a;
                    dst[x] = new Rgb24(
                        (byte)(((p.R * a) + (255 * white) + 127) / 255),
                        (byte)(((p.G * a) + (255 * white) + 127) / 255),
                        (byte)(((p.B * a) + (255 * white) + 127) / 255));
                }
            }
        });
        return result;
    }
}
