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
        ("jpeg-scan-bomb", 413, "image-too-complex"),
    ];

    /// <summary>
    /// Hostile files a careful decoder still accepts: an animated WebP of many large frames (only the first is decoded)
    /// and a JPEG whose EXIF trips ImageSharp 2.1.13 (decoded without its metadata). Uploads and imports answer 201.
    /// </summary>
    public static readonly IReadOnlyList<string> Accepted = ["webp-frame-bomb", "exif-gps-in-sub-ifd"];

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

            case "jpeg-scan-bomb":
                return ProgressiveJpegOfEmptyScans(4000, 4000, 30_000);
            case "webp-frame-bomb":
                return AnimatedWebp(2000, 2000, [.. Enumerable.Range(0, 64).Select(i => new Rgb24((byte)(200 - i), 40, (byte)(i * 3)))]);
            case "exif-gps-in-sub-ifd":
                return JpegWithExif(Synthetic.Png(64, 48), ExifWithGpsPointerInsideExifIfd());
            default:
                return [];
        }
    }

    /// <summary>
    /// A grayscale progressive JPEG of one DC scan and <paramref name="acScans"/> AC scans that each skip every block with a
    /// few end-of-band runs: ~37 bytes a scan, yet a decoder walks all blocks for each (ImageSharp 2.1.13: ~0.5 ms per scan
    /// at 16 MP, so 30,000 scans in ~1.1 MB are ~15 s of CPU). The classic JPEG CPU bomb; libjpeg caps the scan count.
    /// </summary>
    public static byte[] ProgressiveJpegOfEmptyScans(int width, int height, int acScans)
    {
        using var jpeg = new MemoryStream();
        void Segment(byte marker, byte[] body)
        {
            jpeg.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
            jpeg.Write(body);
        }

        jpeg.Write([0xFF, 0xD8]);
        Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]); // one quantisation table of ones
        Segment(0xC2, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]); // SOF2, one component
        // DC table: one code "0" for category 0 (no change). AC table: 4-bit codes for EOBRUN symbols r<<4, r = 0..14.
        Segment(0xC4, [0x00, 1, .. new byte[15], 0, 0x10, 0, 0, 0, 15, .. new byte[12], .. Enumerable.Range(0, 15).Select(r => (byte)(r << 4))]);
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        Segment(0xDA, [1, 1, 0x00, 0, 0, 0]);
        WriteEntropyCoded(jpeg, Enumerable.Repeat((0, 1), blocks));
        var skipAll = new List<(int Value, int Bits)>();
        for (var left = blocks; left > 0;)
        {
            var run = Math.Min(left, 32767);
            var r = System.Numerics.BitOperations.Log2((uint)run);
            skipAll.Add((r, 4));
            skipAll.Add((run - (1 << r), r));
            left -= run;
        }

        for (var scan = 0; scan < acScans; scan++)
        {
            Segment(0xDA, [1, 1, 0x00, 1, 63, 0]);
            WriteEntropyCoded(jpeg, skipAll);
        }

        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>An animated WebP (VP8X with the animation flag, ANIM, one ANMF per frame) of lossless single-colour frames.</summary>
    public static byte[] AnimatedWebp(int width, int height, IReadOnlyList<Rgb24> frames) =>
        AnimatedWebp(width, height, alpha: false, [.. frames.Select(colour =>
        {
            using var frame = new Image<Rgb24>(width, height, colour);
            using var still = new MemoryStream();
            frame.Save(still, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { FileFormat = SixLabors.ImageSharp.Formats.Webp.WebpFileFormatType.Lossless });
            return still.ToArray()[12..]; // the still's one chunk, "VP8L" with its size
        })]);

    /// <summary>An animated WebP whose frames hold the given chunks (each "VP8L", or "ALPH" + "VP8 " with <paramref name="alpha"/>).</summary>
    public static byte[] AnimatedWebp(int width, int height, bool alpha, IReadOnlyList<byte[]> frameChunks)
    {
        using var webp = new MemoryStream();
        webp.Write("RIFF\0\0\0\0WEBP"u8);
        WriteChunk(webp, "VP8X", [(byte)(alpha ? 0x12 : 0x02), 0, 0, 0, .. UInt24(width - 1), .. UInt24(height - 1)]);
        WriteChunk(webp, "ANIM", [255, 255, 255, 255, 0, 0]);
        foreach (var chunks in frameChunks)
        {
            WriteChunk(webp, "ANMF", [.. UInt24(0), .. UInt24(0), .. UInt24(width - 1), .. UInt24(height - 1), .. UInt24(100), 0, .. chunks]);
        }

        var bytes = webp.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>
    /// A TIFF-structured EXIF block whose Exif IFD holds a GPS IFD pointer: ImageSharp 2.1.13 adds the GPS IFD to the list
    /// of sub-IFDs while it walks that list and throws "Collection was modified" (the finding: a 500).
    /// </summary>
    public static byte[] ExifWithGpsPointerInsideExifIfd() =>
    [
        .. "II"u8, 0x2A, 0, 8, 0, 0, 0,
        1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0, // IFD0 at 8: Exif IFD pointer → 26; no next IFD
        1, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0, // Exif IFD at 26: GPS IFD pointer → 44
        0, 0, 0, 0, 0, 0, // GPS IFD at 44: no entries
    ];

    /// <summary>The image re-encoded as a JPEG with an APP1 "Exif" segment holding <paramref name="tiff"/> right after SOI.</summary>
    public static byte[] JpegWithExif(byte[] image, byte[] tiff)
    {
        using var decoded = Image.Load<Rgb24>(image);
        using var stream = new MemoryStream();
        decoded.SaveAsJpeg(stream);
        var jpeg = stream.ToArray();
        byte[] app1 = [.. "Exif\0\0"u8, .. tiff];
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)((app1.Length + 2) >> 8), (byte)(app1.Length + 2), .. app1, .. jpeg[2..]];
    }

    private static void WriteEntropyCoded(Stream output, IEnumerable<(int Value, int Bits)> codes)
    {
        int pending = 0, count = 0;
        void Emit(int value)
        {
            output.WriteByte((byte)value);
            if (value == 0xFF)
            {
                output.WriteByte(0); // byte stuffing
            }
        }

        foreach (var (value, bits) in codes)
        {
            for (var i = bits - 1; i >= 0; i--)
            {
                pending = (pending << 1) | ((value >> i) & 1);
                if (++count == 8)
                {
                    Emit(pending);
                    pending = count = 0;
                }
            }
        }

        if (count > 0)
        {
            Emit((pending << (8 - count)) | ((1 << (8 - count)) - 1)); // padded with ones
        }
    }

    private static void WriteChunk(Stream output, string fourCc, byte[] payload)
    {
        output.Write(System.Text.Encoding.ASCII.GetBytes(fourCc));
        output.Write(BitConverter.GetBytes((uint)payload.Length));
        output.Write(payload);
        if (payload.Length % 2 == 1)
        {
            output.WriteByte(0);
        }
    }

    private static byte[] UInt24(int value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16)];
}
