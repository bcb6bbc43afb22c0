using System.Text.Json;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Models.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Captioning;

[TestClass]
public sealed class VitPreprocessingTests
{
    [TestMethod]
    public void OldAndNewConfigLayoutsReadTheSame()
    {
        var old = Parse(TinyCaptioner.PreprocessorConfig);
        var current = Parse("""
            {"do_normalize": true, "do_rescale": true, "do_resize": true, "image_mean": [0.5, 0.5, 0.5],
             "image_processor_type": "ViTImageProcessor", "image_std": [0.5, 0.5, 0.5], "resample": 2,
             "rescale_factor": 0.00392156862745098, "size": {"height": 224, "width": 224}}
            """);

        foreach (var config in new[] { old, current })
        {
            Assert.AreEqual((224, 224), (config.Height, config.Width));
            Assert.AreEqual(VitPreprocessorConfig.Bilinear, config.Resample);
            Assert.IsTrue(config.DoRescale && config.DoNormalize);
            Assert.AreEqual(1d / 255d, config.RescaleFactor, 1e-12);
            CollectionAssert.AreEqual(new[] { 0.5f, 0.5f, 0.5f }, config.ImageStd);
        }
    }

    [TestMethod]
    public void UniformRedBecomesPlusOneInRedAndMinusOneElsewhere()
    {
        var preprocessor = new HfImageProcessor(Parse(TinyCaptioner.PreprocessorConfig).Settings);
        using var image = new Image<Rgb24>(320, 200, new Rgb24(255, 0, 0));

        var pixels = preprocessor.Preprocess(image);

        const int plane = 224 * 224;
        Assert.HasCount(3 * plane, pixels);
        Assert.IsTrue(pixels.Take(plane).All(v => v == 1f), "red plane: (1 - 0.5) / 0.5");
        Assert.IsTrue(pixels.Skip(plane).All(v => v == -1f), "green and blue planes: (0 - 0.5) / 0.5");
    }

    [TestMethod]
    public void StretchesWithoutCropping()
    {
        var preprocessor = new HfImageProcessor(Parse("""{"size": {"height": 4, "width": 8}, "do_normalize": false}""").Settings);
        using var image = new Image<Rgb24>(16, 4, new Rgb24(0, 0, 0));
        for (var x = 8; x < 16; x++)
        {
            for (var y = 0; y < 4; y++)
            {
                image[x, y] = new Rgb24(255, 255, 255); // right half white
            }
        }

        var pixels = preprocessor.Preprocess(image);

        Assert.AreEqual(0f, pixels[0], 1e-6f, "left edge stays black: nothing cropped");
        Assert.AreEqual(1f, pixels[7], 1e-6f, "right edge stays white");
    }

    [TestMethod]
    [DataRow("""{"size": 224, "image_std": [0.5, 0, 0.5]}""")]
    [DataRow("""{"size": 224, "do_resize": false}""")]
    [DataRow("""{"size": {"shortest_edge": 224}}""")]
    [DataRow("""{"size": 224, "resample": 9}""")]
    public void UnusableConfigsAreRejected(string json)
    {
        Assert.ThrowsExactly<FormatException>(() => new HfImageProcessor(Parse(json).Settings));
    }

    private static VitPreprocessorConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return VitPreprocessorConfig.Parse(document.RootElement);
    }
}
