using ImageSearch.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Models.Embedded;

[TestClass]
public sealed class ResNetPreprocessorTests
{
    [TestMethod]
    public void CSharpPreprocessingMatchesTheResNetPreprocessGraph()
    {
        var preprocessor = TestModels.ResNet.Preprocessor;
        using var small = Synthetic.Gradient(50, 30);
        using var sized = preprocessor.Resize(small);

        var expected = RunPreprocessGraph(sized);
        var actual = preprocessor.ToTensor(sized);

        VectorAssert.AreClose(expected, actual, 1e-4f, "C# tensor vs ResNetPreprocess.onnx output");
    }

    [TestMethod]
    public void PreprocessingSubtractsTheMeanImageInBgrOrder()
    {
        // A black image gives minus the mean image; its plane averages are the documented B, G, R means of the package.
        using var black = new Image<Rgb24>(224, 224);

        var tensor = TestModels.ResNet.Preprocessor.Preprocess(black);

        var plane = 224 * 224;
        Assert.AreEqual(-103.06, tensor.AsSpan(0, plane).ToArray().Average(), 0.01, "blue plane first");
        Assert.AreEqual(-115.90, tensor.AsSpan(plane, plane).ToArray().Average(), 0.01, "green plane second");
        Assert.AreEqual(-123.15, tensor.AsSpan(2 * plane, plane).ToArray().Average(), 0.01, "red plane third");
    }

    [TestMethod]
    public void ResizeScalesTheShorterSideTo224AndCropsTheCentre()
    {
        // 120x60: red | green | blue bands of 30, 60 and 30 pixels. Scaled to 448x224, the centre 224 columns are the green band.
        var red = new Rgb24(255, 0, 0);
        var green = new Rgb24(0, 255, 0);
        var blue = new Rgb24(0, 0, 255);
        using var bands = Synthetic.Bands(60, (30, red), (60, green), (30, blue));

        using var sized = TestModels.ResNet.Preprocessor.Resize(bands);

        Assert.AreEqual(224, sized.Width);
        Assert.AreEqual(224, sized.Height);
        foreach (var (x, y) in new[] { (8, 8), (112, 112), (215, 215), (8, 215), (215, 8) })
        {
            Assert.AreEqual(green, sized[x, y], $"pixel {x},{y}");
        }
    }

    /// <summary>The package's own preprocessing: RGB planes with values 0..255 in, model input out.</summary>
    private static float[] RunPreprocessGraph(Image<Rgb24> sized)
    {
        var plane = sized.Width * sized.Height;
        var rgb = new float[3 * plane];
        for (var y = 0; y < sized.Height; y++)
        {
            for (var x = 0; x < sized.Width; x++)
            {
                var pixel = sized[x, y];
                var at = (y * sized.Width) + x;
                rgb[at] = pixel.R;
                rgb[plane + at] = pixel.G;
                rgb[(2 * plane) + at] = pixel.B;
            }
        }

        using var session = new InferenceSession(Path.Combine(TestModels.ModelDirectory, "ResNetPreprocess.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(rgb, [1, 3, sized.Height, sized.Width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["OriginalInput"], [input], ["PreprocessedInput"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
