using System.Security.Cryptography;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats;
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
/// the header is identified and the pixel count checked before any pixel is decoded, decoding runs under a memory cap and a
/// time budget and takes only the first frame of an animated GIF or WebP, EXIF orientation is applied, transparency is
/// flattened onto white, and the result is re-encoded as a JPEG without metadata.
/// </summary>
public sealed class ImageNormalizer
{
    private readonly ImageLimitsOptions _limits;
    private readonly TimeProvider _clock;
    private readonly Configuration _configuration;
    private readonly JpegEncoder _encoder;

    /// <param name="options">The limits.</param>
    /// <param name="gate">The decode slots, whose <see cref="DecodeGate.Memory"/> the decoders allocate from.</param>
    /// <param name="clock">The clock of the decode budget's wall-clock fallback.</param>
    public ImageNormalizer(IOptions<ImageLimitsOptions> options, DecodeGate gate, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _limits = options.Value;
        _configuration = CreateConfiguration(gate.Memory);
        _encoder = new JpegEncoder { Quality = _limits.JpegQuality };
    }

    /// <summary>Reads at most <see cref="ImageLimitsOptions.MaxBytes"/> from <paramref name="source"/> and normalises it.</summary>
    public async Task<DecodedImage> NormalizeAsync(Stream source, CancellationToken cancellationToken)
    {
        var bytes = await BoundedRead.ReadAllAsync(source, _limits.MaxBytes, TooLarge, cancellationToken);
        return await NormalizeAsync(bytes, cancellationToken);
    }

    public async Task<DecodedImage> NormalizeAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var flat = Decode(bytes, cancellationToken);
        try
        {
            using var jpeg = new MemoryStream();
            await flat.SaveAsJpegAsync(jpeg, _encoder, cancellationToken);
            var jpegBytes = jpeg.ToArray();
            return new DecodedImage(flat, jpegBytes, Convert.ToHexStringLower(SHA256.HashData(jpegBytes)), Sniff(bytes)!);
        }
        catch
        {
            flat.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The checks and decoding of <see cref="NormalizeAsync(byte[], CancellationToken)"/> without the JPEG re-encoding:
    /// oriented pixels on white, decoded within <see cref="ImageLimitsOptions.DecodeCpuSeconds"/> of CPU time.
    /// </summary>
    public Image<Rgb24> Decode(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > _limits.MaxBytes)
        {
            throw TooLarge(); // callers read bounded; a batch keeps one byte past the limit to say so
        }

        var format = Sniff(bytes) ?? throw new ImageRejectedException(
            "unsupported-image-type", ErrorKind.UnsupportedFormat, "The file is not a JPEG, PNG, GIF, WebP or BMP image.");
        if (format == "webp")
        {
            bytes = WebpFirstFrame.Extract(bytes) ?? throw Corrupt();
        }

        var (info, imageFormat) = Identify(bytes);
        if (info is null || imageFormat is null || info.Width <= 0 || info.Height <= 0)
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

        using var budget = new DecodeCpuBudget(TimeSpan.FromSeconds(_limits.DecodeCpuSeconds), _clock, cancellationToken);
        try
        {
            // The format's decoder, called synchronously: the budget counts this thread's CPU time, and Image.LoadAsync may
            // continue on another thread. JPEG has no alpha: decode straight to RGB. Going through RGBA and flattening gives
            // the same pixels but takes about twice as long for a 4-megapixel photo (docs/performance.md).
            var decoder = _configuration.ImageFormatsManager.FindDecoder(imageFormat);
            using var stream = new MemoryStream(bytes, writable: false);
            if (format == "jpeg")
            {
                using var rgb = decoder.Decode<Rgb24>(_configuration, stream, budget.Token);
                return UprightCopy(rgb);
            }

            using var decoded = decoder.Decode<Rgba32>(_configuration, stream, budget.Token);
            Upright(decoded);
            return ImageFlattening.OntoWhite(decoded);
        }
        catch (OperationCanceledException) when (budget.Exhausted && !cancellationToken.IsCancellationRequested)
        {
            throw new ImageRejectedException("image-too-complex", ErrorKind.TooLarge,
                $"The image did not decode within {_limits.DecodeCpuSeconds:0.0#} s of CPU time; it is too complex to accept.");
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or InvalidMemoryOperationException
                                       or NotSupportedException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw Corrupt();
        }
    }

    /// <summary>The header's size and format, or nulls when it does not parse.</summary>
    private (IImageInfo? Info, IImageFormat? Format) Identify(byte[] bytes)
    {
        try
        {
            var info = Image.Identify(_configuration, bytes, out var format);
            return (info, format);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException
                                       or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Applies the EXIF orientation. EXIF is parsed lazily, here; a profile that does not parse is dropped and the pixels
    /// kept as stored (ImageSharp 2.1.13 throws "Collection was modified" for an Exif IFD holding a GPS IFD pointer).
    /// </summary>
    private static void Upright(Image image)
    {
        try
        {
            _ = image.Metadata.ExifProfile?.Values;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            image.Metadata.ExifProfile = null;
        }

        image.Mutate(x => x.AutoOrient());
    }

    /// <summary>
    /// The five accepted formats. Metadata is never needed except EXIF orientation, which JPEG carries: the others skip
    /// theirs, so a small PNG with huge compressed text chunks is not inflated (twice: Identify and Load). GIF stops after
    /// the first frame (WebP: <see cref="WebpFirstFrame"/>).
    /// </summary>
    private static Configuration CreateConfiguration(MemoryAllocator allocator)
    {
        var configuration = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(),
            new WebpConfigurationModule(), new BmpConfigurationModule())
        {
            MemoryAllocator = allocator,
            MaxDegreeOfParallelism = 1, // one decode slot is one core: its CPU time is its wall time under the budget
        };
        var formats = configuration.ImageFormatsManager;
        formats.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        formats.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        formats.SetDecoder(WebpFormat.Instance, new WebpDecoder { IgnoreMetadata = true });
        return configuration;
    }

    /// <summary>Upright pixels of a decoded RGB image in a new image, which carries none of the source's metadata.</summary>
    private static Image<Rgb24> UprightCopy(Image<Rgb24> decoded)
    {
        Upright(decoded);
        var result = new Image<Rgb24>(decoded.GetConfiguration(), decoded.Width, decoded.Height);
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
