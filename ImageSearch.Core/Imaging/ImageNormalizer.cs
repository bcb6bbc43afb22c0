using System.Security.Cryptography;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// Turns hostile image bytes into a clean image: the type is sniffed from magic bytes (JPEG, PNG, GIF, WebP, BMP only),
/// the header is identified and the pixel count checked before any pixel is decoded, decoding runs under a memory cap and
/// takes only the first frame of a GIF, EXIF orientation is applied, transparency is flattened onto white, and the result
/// is re-encoded as a JPEG without metadata.
/// </summary>
public sealed class ImageNormalizer
{
    /// <summary>At most this much decoder memory stays pooled between images.</summary>
    public const int PoolMegabytes = 32;

    private readonly ImageLimitsOptions _limits;
    private readonly Configuration _configuration;
    private readonly JpegEncoder _encoder;

    public ImageNormalizer(IOptions<ImageLimitsOptions> options)
    {
        _limits = options.Value;
        _configuration = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(),
            new WebpConfigurationModule(), new BmpConfigurationModule())
        {
            // A small pool: buffers of large images go back to the OS when the image is disposed instead of staying
            // pooled (16 parallel 40-MP uploads left ~345 MiB resident afterwards with the default pool).
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = _limits.DecoderMemoryLimitMegabytes,
                MaximumPoolSizeMegabytes = PoolMegabytes,
            }),
        };
        // Metadata is never needed except EXIF orientation, which JPEG carries: PNG and GIF skip theirs, so a small PNG
        // with huge compressed text chunks is not inflated (twice: Identify and Load).
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        _configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        _encoder = new JpegEncoder { Quality = _limits.JpegQuality };
    }

    /// <summary>Reads at most <see cref="ImageLimitsOptions.MaxBytes"/> from <paramref name="source"/> and normalises it.</summary>
    public async Task<DecodedImage> NormalizeAsync(Stream source, CancellationToken cancellationToken)
    {
        var bytes = await BoundedRead.ReadAllAsync(source, _limits.MaxBytes, TooLarge, cancellationToken);
        return Normalize(bytes);
    }

    public DecodedImage Normalize(byte[] bytes)
    {
        var flat = Decode(bytes);
        using var jpeg = new MemoryStream();
        flat.SaveAsJpeg(jpeg, _encoder);
        var jpegBytes = jpeg.ToArray();
        return new DecodedImage(flat, jpegBytes, Convert.ToHexStringLower(SHA256.HashData(jpegBytes)), Sniff(bytes)!);
    }

    /// <summary>The checks and decoding of <see cref="Normalize"/> without the JPEG re-encoding: oriented pixels on white.</summary>
    public Image<Rgb24> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > _limits.MaxBytes)
        {
            throw TooLarge(); // callers read bounded; a batch keeps one byte past the limit to say so
        }

        var format = Sniff(bytes);
        if (format is null)
        {
            throw new ImageRejectedException("unsupported-image-type", ErrorKind.UnsupportedFormat, "The file is not a JPEG, PNG, GIF, WebP or BMP image.");
        }

        IImageInfo? info;
        try
        {
            info = Image.Identify(_configuration, bytes, out _);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException
                                       or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            // InvalidOperationException: ImageSharp 2.1.13 throws "Collection was modified" inside Identify for EXIF with
            // nested sub-IFD pointers; it is the file's fault, not ours.
            info = null;
        }

        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            throw Corrupt();
        }

        if ((long)info.Width * info.Height > _limits.MaxPixels)
        {
            throw new ImageRejectedException("image-too-many-pixels", ErrorKind.TooLarge,
                $"The image is {info.Width}x{info.Height}; at most {_limits.MaxPixels / 1_000_000} megapixels are accepted.");
        }

        if (Math.Max(info.Width, info.Height) > _limits.MaxSide)
        {
            throw new ImageRejectedException("image-side-too-long", ErrorKind.TooLarge,
                $"The image is {info.Width}x{info.Height}; sides of at most {_limits.MaxSide} pixels are accepted.");
        }

        try
        {
            // JPEG has no alpha: decode straight to RGB. Going through RGBA and flattening gives the same pixels but takes
            // about twice as long for a 4-megapixel photo (docs/performance.md).
            if (format == "jpeg")
            {
                using var rgb = Image.Load<Rgb24>(_configuration, bytes);
                return UprightCopy(rgb);
            }

            using var decoded = Image.Load<Rgba32>(_configuration, bytes);
            decoded.Mutate(x => x.AutoOrient());
            return ImageFlattening.OntoWhite(decoded);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or InvalidMemoryOperationException
                                       or NotSupportedException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw Corrupt();
        }
    }

    /// <summary>Upright pixels of a decoded RGB image in a new image, which carries none of the source's metadata.</summary>
    private static Image<Rgb24> UprightCopy(Image<Rgb24> decoded)
    {
        decoded.Mutate(x => x.AutoOrient());
        var result = new Image<Rgb24>(decoded.Width, decoded.Height);
        decoded.ProcessPixelRows(result, static (from, to) =>
        {
            for (var y = 0; y < from.Height; y++)
            {
                from.GetRowSpan(y).CopyTo(to.GetRowSpan(y));
            }
        });
        return result;
    }

    /// <summary>The format named by the file's magic bytes, or null when it is none of the accepted ones.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        [(byte)'B', (byte)'M', ..] => "bmp",
        _ => null,
    };

    /// <summary>The answer for a file over <see cref="ImageLimitsOptions.MaxBytes"/>.</summary>
    public ImageRejectedException TooLarge() =>
        new("image-too-large", ErrorKind.TooLarge, $"The file exceeds the limit of {_limits.MaxBytes / (1024 * 1024)} MiB.");

    private static ImageRejectedException Corrupt() =>
        new("corrupt-image", ErrorKind.Invalid, "The image could not be decoded: it is truncated or corrupt.");
}
