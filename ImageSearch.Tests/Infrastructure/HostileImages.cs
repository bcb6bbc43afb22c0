using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// Hostile and broken image files, generated (nothing committed), with the answer an upload or an import must give.
/// The same corpus goes through uploads, catalog imports and the web source.
/// </summary>
public static class HostileImages
{
    /// <summary>Every kind with the problem status and type an upload or import answers.</summary>
    public static readonly IReadOnlyList<(string Kind, int Status, string Type)> Expected =
    [
        ("truncated", 400, "corrupt-image"),
        ("text", 415, "unsupported-image-type"),
        ("svg", 415, "unsupported-image-type"),
        ("oversized", 413, "image-too-large"),
        ("png-bomb", 413, "image-too-many-pixels"),
        ("gif-header-bomb", 413, "image-too-many-pixels"),
        ("strip-65535x1", 413, "image-side-too-long"),
        ("empty", 415, "unsupported-image-type"),
    ];

    public static byte[] Of(string kind)
    {
        switch (kind)
        {
            case "truncated":
                var png = Synthetic.Png(120, 90);
                return png[..(png.Length / 2)];
            case "text":
                return "<html><body>not an image</body></html>"u8.ToArray();
            case "svg":
                return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"u8.ToArray();
            case "oversized":
                var big = new byte[11 * 1024 * 1024];
                Synthetic.Png().CopyTo(big, 0);
                return big;
            case "png-bomb":
                using (var bomb = new Image<L8>(7000, 6000))
                using (var stream = new MemoryStream())
                {
                    bomb.Save(stream, new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression });
                    return stream.ToArray();
                }

            case "gif-header-bomb":
                using (var tiny = new Image<Rgba32>(1, 1))
                using (var stream = new MemoryStream())
                {
                    tiny.Save(stream, new GifEncoder());
                    var bytes = stream.ToArray();
                    bytes[6] = bytes[7] = bytes[8] = bytes[9] = 0xFF;
                    return bytes;
                }

            case "strip-65535x1":
                using (var strip = new Image<Rgb24>(65535, 1))
                using (var stream = new MemoryStream())
                {
                    strip.Save(stream, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder());
                    return stream.ToArray();
                }

            default:
                return [];
        }
    }
}
