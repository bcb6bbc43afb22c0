using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>Small distinct images: image n is a solid colour derived from n, so every n has its own content hash.</summary>
internal static class TestImages
{
    public static byte[] Png(int n, int width = 32, int height = 24)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32((byte)(n * 37), (byte)(n * 91), (byte)(n * 13), 200));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
