using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class WebpFirstFrameTests
{
    [TestMethod]
    public void AnAnimationBecomesAStillOfItsFirstFrame()
    {
        var animation = HostileImages.AnimatedWebp(12, 10, [new Rgb24(250, 0, 0), new Rgb24(0, 0, 250), new Rgb24(0, 250, 0)]);
        Assert.ThrowsExactly<NotSupportedException>(() => Image.Load<Rgb24>(animation), "ImageSharp 2.1.13 reads no animation");

        var still = WebpFirstFrame.Extract(animation);

        Assert.IsNotNull(still);
        using var first = Image.Load<Rgb24>(still);
        Assert.AreEqual(1, first.Frames.Count);
        Assert.AreEqual((12, 10), (first.Width, first.Height));
        Assert.AreEqual(new Rgb24(250, 0, 0), first[5, 5]);
    }

    [TestMethod]
    public void AFrameOfLossyPixelsWithAlphaKeepsItsAlpha()
    {
        using var source = new Image<Rgba32>(16, 16, new Rgba32(0, 200, 0, 255));
        for (var x = 0; x < 8; x++)
        {
            for (var y = 0; y < 16; y++)
            {
                source[x, y] = new Rgba32(0, 0, 0, 0);
            }
        }

        using var encoded = new MemoryStream();
        source.Save(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = 90 });
        var lossy = encoded.ToArray();
        var frameChunks = lossy[30..]; // after RIFF header (12) and the VP8X chunk (18): ALPH and "VP8 "
        CollectionAssert.AreEqual("ALPH"u8.ToArray(), frameChunks[..4], "the encoder wrote VP8X, ALPH, VP8");
        var animation = HostileImages.AnimatedWebp(16, 16, alpha: true, [frameChunks, frameChunks]);

        var still = WebpFirstFrame.Extract(animation);

        Assert.IsNotNull(still);
        using var first = Image.Load<Rgba32>(still);
        Assert.AreEqual(0, first[2, 8].A, "the transparent half stays transparent");
        Assert.AreEqual(255, first[12, 8].A);
        Assert.IsGreaterThan(150, first[12, 8].G);
    }

    [TestMethod]
    public void AStillWebpIsReturnedAsItIs()
    {
        using var image = new Image<Rgb24>(4, 4);
        using var encoded = new MemoryStream();
        image.Save(encoded, new WebpEncoder());
        var still = encoded.ToArray();

        Assert.AreSame(still, WebpFirstFrame.Extract(still));
    }

    [TestMethod]
    public void AnAnimationWithoutAWellFormedFrameHasNone()
    {
        var animation = HostileImages.AnimatedWebp(8, 8, [new Rgb24(1, 2, 3)]);

        Assert.IsNull(WebpFirstFrame.Extract(animation[..60]), "the frame's chunk runs past the end");
        Assert.IsNull(WebpFirstFrame.Extract(HostileImages.AnimatedWebp(8, 8, alpha: false, ["JUNK\u0004\0\0\0abcd"u8.ToArray()])), "a frame without a bitstream");
    }
}
