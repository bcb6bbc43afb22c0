using System.Text.Json;
using ImageSearch.Core.Models.Clip;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// Expected values are computed by hand as CLIP defines them, (c / 255 - mean) / std, in double precision.
/// Tolerance 1e-6: away from colour edges every resampling tap sees the same colour, so the resized 8-bit value is c
/// exactly; what remains is float32 rounding of the scale/normalise steps (values of magnitude below 2.2, a float32
/// ulp there is 2.4e-7, two roundings).
/// </summary>
[TestClass]
public sealed class ClipPreprocessingTests
{
    private const float Tolerance = 1e-6f;
    private static readonly double[] Mean = [0.48145466, 0.4578275, 0.40821073];
    private static readonly double[] Std = [0.26862954, 0.26130258, 0.27577711];

    [TestMethod]
    public void CommittedConfigIsClipsPublishedOne()
    {
        var config = ClipPreprocessorConfig.Load(ClipTestData.PreprocessorConfig);

        Assert.AreEqual(224, config.ShortestEdge);
        Assert.AreEqual((224, 224), (config.CropHeight, config.CropWidth));
        Assert.AreEqual(ClipPreprocessorConfig.Bicubic, config.Resample);
        Assert.IsTrue(config.DoResize && config.DoCenterCrop && config.DoRescale && config.DoNormalize);
        Assert.AreEqual(1d / 255d, config.RescaleFactor);
        CollectionAssert.AreEqual(Mean.Select(m => (float)m).ToArray(), config.ImageMean);
        CollectionAssert.AreEqual(Std.Select(s => (float)s).ToArray(), config.ImageStd);
    }

    [TestMethod]
    public void NewerConfigLayoutWithObjectsIsReadToo()
    {
        using var json = JsonDocument.Parse("""
            {"crop_size": {"height": 224, "width": 224}, "do_center_crop": true, "do_convert_rgb": true, "do_normalize": true,
             "do_rescale": true, "do_resize": true, "image_mean": [0.48145466, 0.4578275, 0.40821073],
             "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "rescale_factor": 0.00392156862745098,
             "size": {"shortest_edge": 224}}
            """);

        var config = ClipPreprocessorConfig.Parse(json.RootElement);

        Assert.AreEqual((224, 224, 224), (config.ShortestEdge, config.CropHeight, config.CropWidth));
        Assert.AreEqual(0.00392156862745098, config.RescaleFactor);
    }

    [TestMethod]
    [DataRow(320, 200, (byte)10, (byte)128, (byte)250, DisplayName = "wider than tall, shrunk")]
    [DataRow(60, 90, (byte)255, (byte)0, (byte)77, DisplayName = "taller than wide, enlarged")]
    [DataRow(224, 224, (byte)1, (byte)2, (byte)3, DisplayName = "already 224 square")]
    public void UniformImageGivesTheNormalisedColourEverywhere(int width, int height, byte r, byte g, byte b)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(r, g, b));

        var pixels = Preprocess(image);

        byte[] colour = [r, g, b];
        for (var channel = 0; channel < 3; channel++)
        {
            var expected = (float)Expected(channel, colour[channel]);
            for (var i = 0; i < 224 * 224; i++)
            {
                Assert.AreEqual(expected, pixels[channel * 224 * 224 + i], Tolerance, $"channel {channel}, pixel {i}");
            }
        }
    }

    [TestMethod]
    public void WideSplitImageKeepsTheCentreColumns()
    {
        // 600x300, red left of x=300, blue right. Resized to 448x224 (edge at x=224), cropped from x=112: the crop
        // holds red on its left half and blue on its right, the edge in its middle.
        using var image = new Image<Rgb24>(600, 300, new Rgb24(0, 0, 255));
        Paint(image, new Rgb24(255, 0, 0), top: 0, bottom: 300, left: 0, right: 300);

        var pixels = Preprocess(image);

        foreach (var y in new[] { 0, 100, 223 })
        {
            AssertColourAt(pixels, 0, y, 255, 0, 0);
            AssertColourAt(pixels, 100, y, 255, 0, 0);
            AssertColourAt(pixels, 124, y, 0, 0, 255);
            AssertColourAt(pixels, 223, y, 0, 0, 255);
        }

        Assert.AreNotEqual((float)Expected(0, 255), pixels[100 * 224 + 112], "the edge lies at the centre column");
    }

    [TestMethod]
    public void TallBandedImageKeepsTheCentreRows()
    {
        // 300x600 in bands green [0,200), white [200,400), black [400,600). Resized to 224x448: edges at y=149.3 and
        // 298.7; cropped from y=112: green rows [0,37), white [37,187), black [187,224).
        using var image = new Image<Rgb24>(300, 600, new Rgb24(0, 0, 0));
        Paint(image, new Rgb24(0, 255, 0), top: 0, bottom: 200, left: 0, right: 300);
        Paint(image, new Rgb24(255, 255, 255), top: 200, bottom: 400, left: 0, right: 300);

        var pixels = Preprocess(image);

        foreach (var x in new[] { 0, 112, 223 })
        {
            AssertColourAt(pixels, x, 0, 0, 255, 0);
            AssertColourAt(pixels, x, 28, 0, 255, 0);
            AssertColourAt(pixels, x, 46, 255, 255, 255);
            AssertColourAt(pixels, x, 178, 255, 255, 255);
            AssertColourAt(pixels, x, 196, 0, 0, 0);
            AssertColourAt(pixels, x, 223, 0, 0, 0);
        }
    }

    [TestMethod]
    public void DestinationOfTheWrongSizeIsRejected()
    {
        var preprocessor = ClipPreprocessorConfig.ProcessorFromFile(ClipTestData.PreprocessorConfig);
        using var image = new Image<Rgb24>(10, 10);

        Assert.ThrowsExactly<ArgumentException>(() => preprocessor.Preprocess(image, new float[100]));
    }

    private static float[] Preprocess(Image<Rgb24> image)
    {
        var preprocessor = ClipPreprocessorConfig.ProcessorFromFile(ClipTestData.PreprocessorConfig);
        Assert.AreEqual(3 * 224 * 224, preprocessor.TensorLength);
        var pixels = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(image, pixels);
        return pixels;
    }

    private static void Paint(Image<Rgb24> image, Rgb24 colour, int top, int bottom, int left, int right)
    {
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                image[x, y] = colour;
            }
        }
    }

    private static double Expected(int channel, byte level) => (level / 255d - Mean[channel]) / Std[channel];

    private static void AssertColourAt(float[] pixels, int x, int y, byte r, byte g, byte b)
    {
        byte[] colour = [r, g, b];
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.AreEqual((float)Expected(channel, colour[channel]), pixels[channel * 224 * 224 + y * 224 + x], Tolerance, $"channel {channel} at ({x}, {y})");
        }
    }
}
