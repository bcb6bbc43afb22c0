using ImageSearch.Core.Captioning;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Generation;
using ImageSearch.Tests.Models.Generation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Captioning;

/// <summary>
/// The whole captioner (preprocessing, encoder, merged decoder with cache, beam or greedy search, GPT-2 decoding) against
/// the tiny vit-gpt2 stand-in of <see cref="TinyCaptioner"/>: reddish images are "a photo of a cat", bluish ones
/// "a photo of a dog". Proves the plumbing, not caption quality.
/// </summary>
[TestClass]
public sealed class OnnxCaptionerTests
{
    private static DirectoryInfo s_root = null!;
    private static string s_merged = null!;

    [ClassInitialize]
    public static void WriteModels(TestContext context)
    {
        s_root = Directory.CreateTempSubdirectory("tiny-captioner-");
        s_merged = TinyCaptioner.Write(Path.Combine(s_root.FullName, "merged"));
    }

    [ClassCleanup]
    public static void DeleteModels() => s_root?.Delete(recursive: true);

    [TestMethod]
    [DataRow(1, DisplayName = "greedy")]
    [DataRow(3, DisplayName = "3 beams")]
    public async Task RedIsACatAndBlueIsADog(int beams)
    {
        using var captioner = Captioner(s_merged, beams);
        using var red = new Image<Rgb24>(300, 200, new Rgb24(220, 30, 20));
        using var blue = new Image<Rgb24>(120, 160, new Rgb24(10, 40, 230));

        var cat = await captioner.CaptionAsync(red, [], CancellationToken.None);
        var dog = await captioner.CaptionAsync(blue, [], CancellationToken.None);

        Assert.AreEqual(new Caption("a photo of a cat", "vit-gpt2-image-captioning"), cat);
        Assert.AreEqual("a photo of a dog", dog.Text);
    }

    [TestMethod]
    public void AvailableStatusSaysHowItDecodesButNotWhereFrom()
    {
        using var captioner = Captioner(s_merged, beams: 3);

        Assert.AreEqual("vit-gpt2", captioner.Name);
        Assert.AreEqual(10, captioner.Priority);
        Assert.IsTrue(captioner.Status.IsAvailable, captioner.Status.Detail);
        Assert.DoesNotContain(s_root.FullName, captioner.Status.Detail, "the status is public (GET /api/health): no server paths");
        StringAssert.StartsWith(captioner.Status.Detail, "vit-gpt2-image-captioning: ");
        StringAssert.Contains(captioner.Status.Detail, "beam search (3 beams)");
        StringAssert.Contains(captioner.Status.Detail, "key/value cache");
    }

    [TestMethod]
    public async Task CaptionStopsAtMaxLength()
    {
        var words = Gpt2Tokenizer.Encode(" one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone");
        var directory = TinyCaptioner.Write(Path.Combine(s_root.FullName, "long"), new Transitions(Gpt2Tokenizer.EndOfText)
            .Chain([Gpt2Tokenizer.EndOfText, .. words]));
        using var captioner = Captioner(directory, beams: 1, maxLength: 8);
        using var image = new Image<Rgb24>(32, 32, new Rgb24(128, 128, 128));

        var caption = await captioner.CaptionAsync(image, [], CancellationToken.None);

        Assert.AreEqual(Gpt2Tokenizer.Decode(words.Take(7)).Trim(), caption.Text, "max length 8 counts the start token: 7 new tokens");
    }

    [TestMethod]
    public async Task DecoderWithoutCacheGivesTheSameCaption()
    {
        var directory = TinyCaptioner.Write(Path.Combine(s_root.FullName, "plain"), withPast: false);
        using var captioner = Captioner(directory, beams: 3);
        using var red = new Image<Rgb24>(64, 64, new Rgb24(200, 0, 0));

        Assert.AreEqual("a photo of a cat", (await captioner.CaptionAsync(red, [], CancellationToken.None)).Text);
        StringAssert.Contains(captioner.Status.Detail, "no key/value cache");
    }

    [TestMethod]
    public async Task DecoderDeclaringEncoderAttentionMaskIsFedOne()
    {
        var directory = TinyCaptioner.Write(Path.Combine(s_root.FullName, "encoder-mask"), encoderAttentionMask: true);
        using var captioner = Captioner(directory, beams: 2);
        using var blue = new Image<Rgb24>(64, 64, new Rgb24(0, 0, 200));

        Assert.AreEqual("a photo of a dog", (await captioner.CaptionAsync(blue, [], CancellationToken.None)).Text);
    }

    [TestMethod]
    public async Task CorruptDecoderMakesTheCaptionerUnavailableWithoutThrowingAtConstruction()
    {
        var directory = TinyCaptioner.Write(Path.Combine(s_root.FullName, "corrupt"));
        var decoder = Path.Combine(directory, "onnx", "decoder_model_merged.onnx");
        var bytes = await File.ReadAllBytesAsync(decoder);
        await File.WriteAllBytesAsync(decoder, bytes[..(bytes.Length / 2)]); // an interrupted download

        using var captioner = Captioner(directory, beams: 3);
        var status = captioner.Status;

        Assert.IsFalse(status.IsAvailable);
        StringAssert.Contains(status.Detail, "cannot be loaded");
        StringAssert.Contains(status.Detail, "decoder_model_merged.onnx");
        Assert.IsFalse(status.Detail.Contains(s_root.FullName, StringComparison.Ordinal), "no server paths in the status: " + status.Detail);
        Assert.DoesNotContain("ONNX", status.Detail, "no exception text in the public status");
        StringAssert.Contains(status.Diagnostic, "ONNX Runtime cannot load it", "the log gets the error");
        using var image = new Image<Rgb24>(8, 8);
        var e = await Assert.ThrowsExactlyAsync<ModelUnavailableException>(() => captioner.CaptionAsync(image, [], CancellationToken.None));
        Assert.AreEqual(ErrorKind.Unavailable, e.Kind);
    }

    [TestMethod]
    public void MissingFilesAreReportedThenPickedUpOnceDownloaded()
    {
        var directory = Path.Combine(s_root.FullName, "later");
        Directory.CreateDirectory(directory);
        using var captioner = Captioner(directory, beams: 1);

        var before = captioner.Status;
        TinyCaptioner.Write(directory);
        var after = captioner.Status;

        Assert.IsFalse(before.IsAvailable);
        StringAssert.Contains(before.Detail, "not downloaded");
        StringAssert.Contains(before.Detail, "onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx, preprocessor_config.json");
        Assert.IsTrue(after.IsAvailable, after.Detail);
    }

    [TestMethod]
    public async Task CancelledCaptionIsCancelled()
    {
        using var captioner = Captioner(s_merged, beams: 3);
        using var image = new Image<Rgb24>(8, 8);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => captioner.CaptionAsync(image, [], cancelled.Token));
    }

    private static OnnxCaptioner Captioner(string directory, int beams, int maxLength = 20) => new(
        Options.Create(new CaptionerOptions { ModelDirectory = directory, NumBeams = beams, MaxLength = maxLength, IntraOpNumThreads = 1 }),
        NullLogger<OnnxCaptioner>.Instance);
}
