using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Imaging;

/// <summary>A safely decoded image, transparency flattened onto white, plus its clean JPEG re-encoding and content hash.</summary>
public sealed record DecodedImage(Image<Rgb24> Pixels, byte[] Jpeg, string ContentHash, string SourceFormat) : IDisposable
{
    public int Width => Pixels.Width;

    public int Height => Pixels.Height;

    public void Dispose() => Pixels.Dispose();
}
