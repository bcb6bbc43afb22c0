using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class ImageNormalizerTests
{
    private readonly ImageNormalizer _normalizer = TestNormalizers.Create();

    [TestMethod]
    public async Task TransparentPixelsAreFlattenedOntoWhiteAndOutputIsAJpeg()
    {
        using var source = new Image<Rgba32>(20, 10, new Rgba32(0, 0, 0, 0));
        source[0, 0] = new Rgba32(255, 0, 0, 255);
        source[19, 9] = new Rgba32(0, 0, 255, 128);

        using var result = await _normalizer.NormalizeAsync(Encode(source, new PngEncoder()), CancellationToken.None);

        Assert.AreEqual("png", result.SourceFormat);
        Assert.AreEqual(new Rgb24(255, 255, 255), result.Pixels[10, 5]);
        Assert.AreEqual(new Rgb24(255, 0, 0), result.Pixels[0, 0]);
        Assert.AreEqual(new Rgb24(127, 127, 255), result.Pixels[19, 9]); // 50 % blue over white
        Assert.AreEqual("JPEG", Image.DetectFormat(result.Jpeg)?.Name);
        Assert.AreEqual(64, result.ContentHash.Length);
    }

    [TestMethod]
    public async Task MetadataIsStrippedFromTheStoredJpeg()
    {
        using var source = new Image<Rgba32>(16, 16, new Rgba32(10, 200, 30, 255));
        source.Metadata.ExifProfile = new ExifProfile();
        source.Metadata.ExifProfile.SetValue(ExifTag.Artist, "secret photographer");
        source.Metadata.ExifProfile.SetValue(ExifTag.GPSLatitudeRef, "N");

        using var result = await _normalizer.NormalizeAsync(Encode(source, new JpegEncoder()), CancellationToken.None);

        using var stored = Image.Load(result.Jpeg);
        Assert.IsNull(stored.Metadata.ExifProfile);
        Assert.IsFalse(System.Text.Encoding.ASCII.GetString(result.Jpeg).Contains("secret", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task OnlyTheFirstFrameOfAnAnimatedGifIsDecoded()
    {
        using var gif = new Image<Rgba32>(8, 8, new Rgba32(255, 0, 0, 255));
        using (var blue = new Image<Rgba32>(8, 8, new Rgba32(0, 0, 255, 255)))
        {
            gif.Frames.AddFrame(blue.Frames.RootFrame);
        }

        using var result = await _normalizer.NormalizeAsync(Encode(gif, new GifEncoder()), CancellationToken.None);

        Assert.AreEqual("gif", result.SourceFormat);
        Assert.IsTrue(result.Pixels[4, 4].R > 200 && result.Pixels[4, 4].B < 50, "first (red) frame expected");
    }

    [TestMethod]
    public async Task TextFileIsRejectedAsUnsupportedType()
    {
        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync("<html>not an image</html>"u8.ToArray(), CancellationToken.None));
        Assert.AreEqual(("unsupported-image-type", ErrorKind.UnsupportedFormat), (error.Code, error.Kind));
    }

    [TestMethod]
    public async Task TiffIsRejectedEvenThoughImageSharpCouldDecodeIt()
    {
        using var source = new Image<Rgba32>(4, 4);
        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync(Encode(source, new SixLabors.ImageSharp.Formats.Tiff.TiffEncoder()), CancellationToken.None));
        Assert.AreEqual(ErrorKind.UnsupportedFormat, error.Kind);
    }

    [TestMethod]
    public async Task TruncatedPngIsRejectedAsCorrupt()
    {
        using var source = new Image<Rgba32>(64, 64, new Rgba32(1, 2, 3, 255));
        for (var i = 0; i < 64; i++)
        {
            source[i, i] = new Rgba32((byte)(i * 4), 0, 0, 255);
        }

        var bytes = Encode(source, new PngEncoder());
        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync(bytes[..(bytes.Length / 2)], CancellationToken.None));
        Assert.AreEqual(("corrupt-image", ErrorKind.Invalid), (error.Code, error.Kind));
    }

    [TestMethod]
    public async Task GifWhoseHeaderClaimsFourGigapixelsIsRejectedBeforeDecoding()
    {
        using var source = new Image<Rgba32>(1, 1);
        var bytes = Encode(source, new GifEncoder());
        bytes[6] = bytes[7] = bytes[8] = bytes[9] = 0xFF; // logical screen 65535 x 65535

        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync(bytes, CancellationToken.None));
        Assert.AreEqual(("image-too-many-pixels", ErrorKind.TooLarge), (error.Code, error.Kind));
    }

    [TestMethod]
    [DataRow(65535, 1)]
    [DataRow(1, 65535)]
    [DataRow(16385, 16)]
    public async Task ImageWithASideOverTheLimitIsRejectedBeforeDecoding(int width, int height)
    {
        using var strip = new Image<Rgb24>(width, height);
        var bytes = Encode(strip, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder());

        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync(bytes, CancellationToken.None));
        Assert.AreEqual(("image-side-too-long", ErrorKind.TooLarge), (error.Code, error.Kind));
    }

    [TestMethod]
    public async Task ImageAtTheSideLimitIsAccepted()
    {
        using var strip = new Image<Rgb24>(16384, 2);
        using var decoded = await _normalizer.NormalizeAsync(Encode(strip, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder()), CancellationToken.None);
        Assert.AreEqual((16384, 2), (decoded.Pixels.Width, decoded.Pixels.Height));
    }

    [TestMethod]
    public async Task CompressedTextChunksOfAPngAreNotInflated()
    {
        // 64 MiB of text in a zTXt chunk: ~65 KB on the wire. Inflating it (as metadata) would allocate far more than 64 MiB.
        var png = WithChunk(Synthetic.Png(32, 32), "zTXt", [.. "Comment"u8, 0, 0, .. Deflate(new byte[64 * 1024 * 1024])]);
        Assert.IsLessThan(200 * 1024, png.Length, "small on the wire");

        // Decoding a byte array completes on this thread (asserted), so this thread's allocations are the decoder's.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decoding = _normalizer.NormalizeAsync(png, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsTrue(decoding.IsCompleted);
        using var decoded = await decoding;

        Assert.AreEqual(32, decoded.Pixels.Width);
        Assert.IsLessThan(16L * 1024 * 1024, allocated, $"allocated {allocated / (1024 * 1024)} MiB: the text chunk was inflated");
    }

    [TestMethod]
    public async Task SmallPngThatInflatesToFortyTwoMegapixelsIsRejected()
    {
        using var bomb = new Image<L8>(7000, 6000);
        var bytes = Encode(bomb, new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression });
        Assert.IsLessThan(256 * 1024, bytes.Length, "the bomb is small on the wire");

        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => _normalizer.NormalizeAsync(bytes, CancellationToken.None));
        Assert.AreEqual("image-too-many-pixels", error.Code);
    }

    [TestMethod]
    public async Task StreamLongerThanTheByteLimitIsRejectedWhileReading()
    {
        var normalizer = TestNormalizers.Create(new ImageLimitsOptions { MaxBytes = 4096 });
        using var stream = new MemoryStream(new byte[10_000]);

        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(() => normalizer.NormalizeAsync(stream, CancellationToken.None));
        Assert.AreEqual(("image-too-large", ErrorKind.TooLarge), (error.Code, error.Kind));
    }

    [TestMethod]
    public async Task JpegIsDecodedUprightWithTheSamePixelsAsThroughRgbaAndFlattening()
    {
        using var source = Synthetic.Gradient(40, 20);
        source.Metadata.ExifProfile = new ExifProfile();
        source.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // stored sideways: rotate 90° clockwise to view
        var jpeg = Encode(source, new JpegEncoder { Quality = 90 });

        using var decoded = _normalizer.Decode(jpeg, CancellationToken.None);
        using var viaRgba = Image.Load<Rgba32>(jpeg);
        viaRgba.Mutate(x => x.AutoOrient());
        using var expected = ImageFlattening.OntoWhite(viaRgba);

        Assert.AreEqual((20, 40), (decoded.Width, decoded.Height));
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                Assert.AreEqual(expected[x, y], decoded[x, y], $"pixel ({x}, {y})");
            }
        }
    }

    [TestMethod]
    public void DecodedPixelsOfEveryFormatComeFromTheGatesCappedAllocatorNotImageSharpsDefaultPool()
    {
        // ImageSharp's process-wide default pool keeps large buffers for a minute: 16 parallel 40-MP uploads left
        // ~100 MiB resident after the burst when the flattened (PNG) or upright (JPEG) copy was allocated from it.
        var options = Options.Create(new ImageLimitsOptions());
        using var gate = new DecodeGate(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DecodeGate>.Instance);
        var normalizer = new ImageNormalizer(options, gate);
        using var source = new Image<Rgba32>(20, 10, new Rgba32(10, 20, 30, 128));

        foreach (var bytes in new[] { Encode(source, new PngEncoder()), Encode(source, new JpegEncoder()) })
        {
            using var decoded = normalizer.Decode(bytes, CancellationToken.None);
            Assert.AreSame(gate.Memory, SixLabors.ImageSharp.Advanced.AdvancedImageExtensions.GetConfiguration(decoded).MemoryAllocator);
        }
    }

    [TestMethod]
    public async Task ProgressiveJpegOfThousandsOfEmptyScansIsStoppedAtTheDecodeBudget()
    {
        var normalizer = TestNormalizers.Create(new ImageLimitsOptions { DecodeCpuSeconds = 0.5 });
        using (var few = await normalizer.NormalizeAsync(HostileImages.ProgressiveJpegOfEmptyScans(4000, 4000, 3), CancellationToken.None))
        {
            Assert.AreEqual((4000, 4000), (few.Width, few.Height), "the generator writes a JPEG that decodes");
        }

        var error = await Assert.ThrowsExactlyAsync<ImageRejectedException>(
            () => normalizer.NormalizeAsync(HostileImages.Of("jpeg-scan-bomb"), CancellationToken.None));

        Assert.AreEqual(("image-too-complex", ErrorKind.TooLarge), (error.Code, error.Kind));
    }

    [TestMethod]
    public async Task ACallerThatGivesUpStopsTheDecodeAsACancellationNotARejection()
    {
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<OperationCanceledException>(() => _normalizer.NormalizeAsync(HostileImages.Of("jpeg-scan-bomb"), caller.Token));
    }

    [TestMethod]
    public async Task OnlyTheFirstFrameOfAnAnimatedWebpIsDecoded()
    {
        var webp = HostileImages.AnimatedWebp(8, 8, [new Rgb24(255, 0, 0), new Rgb24(0, 0, 255), new Rgb24(0, 255, 0)]);

        using var result = await _normalizer.NormalizeAsync(webp, CancellationToken.None);

        Assert.AreEqual("webp", result.SourceFormat);
        Assert.IsTrue(result.Pixels[4, 4].R > 200 && result.Pixels[4, 4].B < 50 && result.Pixels[4, 4].G < 50, $"first (red) frame expected, got {result.Pixels[4, 4]}");
    }

    [TestMethod]
    public async Task AJpegWhoseExifTripsImageSharpIsDecodedWithoutItsMetadata()
    {
        var jpeg = HostileImages.Of("exif-gps-in-sub-ifd");
        using (var plain = Image.Load(jpeg))
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => plain.Mutate(x => x.AutoOrient()), "the file reproduces ImageSharp's EXIF bug");
        }

        using var result = await _normalizer.NormalizeAsync(jpeg, CancellationToken.None);

        Assert.AreEqual((64, 48), (result.Width, result.Height));
        Assert.AreEqual("JPEG", Image.DetectFormat(result.Jpeg)?.Name);
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inserts a chunk right before IEND (the last 12 bytes), with its length and CRC-32 as the PNG spec defines.</summary>
    private static byte[] WithChunk(byte[] png, string type, byte[] data)
    {
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var chunk = new byte[4 + typeAndData.Length + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeAndData.CopyTo(chunk, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typeAndData.Length), Crc32(typeAndData));
        return [.. png[..^12], .. chunk, .. png[^12..]];
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
