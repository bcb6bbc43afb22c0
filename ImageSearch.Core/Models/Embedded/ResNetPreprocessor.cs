using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>
/// Turns an image into the input tensor of an image model with a per-pixel mean image, as described by
/// <see cref="ImagePreprocessSettings"/>: resize, crop, scale, reorder the colour planes, subtract the mean image.
/// Done in C# in one pass (instead of running the package's preprocessing graph per image); the mean image is read
/// once from that graph.
/// </summary>
public sealed class ResNetPreprocessor
{
    private readonly ImagePreprocessSettings _settings;
    private readonly float[] _meanImage;
    private readonly int[] _sourceChannel;
    private readonly IResampler _sampler;

    /// <summary>Uses <paramref name="meanImage"/>: planes in model channel order, each <c>Size x Size</c>, row-major.</summary>
    public ResNetPreprocessor(ImagePreprocessSettings settings, float[] meanImage)
    {
        _settings = settings;
        if (meanImage.Length != TensorLength)
        {
            throw new ArgumentException($"The mean image has {meanImage.Length} values, expected {TensorLength}.", nameof(meanImage));
        }

        _meanImage = meanImage;
        _sourceChannel = settings.ChannelOrder == ChannelOrder.Bgr ? [2, 1, 0] : [0, 1, 2];
        _sampler = settings.Interpolation switch
        {
            ImageInterpolation.Nearest => KnownResamplers.NearestNeighbor,
            ImageInterpolation.Bicubic => KnownResamplers.Bicubic,
            _ => KnownResamplers.Triangle,
        };
    }

    public int Size => _settings.Size;

    /// <summary>Values in the model input: 3 planes of Size x Size.</summary>
    public int TensorLength => 3 * Size * Size;

    /// <summary>Reads the mean image off a graph <c>output = reorder(input) - mean</c> by running it once on a zero image.</summary>
    public static float[] LoadMeanImage(string modelId, string path, int size, int intraOpNumThreads)
    {
        using var session = OnnxSessions.FromFile(modelId, path, intraOpNumThreads);
        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.Single();
        long[] shape = [1, 3, size, size];
        if (!input.Value.Dimensions.Select(d => (long)d).SequenceEqual(shape) || !output.Value.Dimensions.Select(d => (long)d).SequenceEqual(shape))
        {
            throw new ModelUnavailableException(modelId, path,
                $"the preprocessing graph maps [{string.Join(",", input.Value.Dimensions)}] to [{string.Join(",", output.Value.Dimensions)}], expected [{string.Join(",", shape)}]");
        }

        using var zeros = OrtValue.CreateTensorValueFromMemory(new float[3 * size * size], shape);
        using var outputs = session.Run(new Dictionary<string, OrtValue> { [input.Key] = zeros }, [output.Key], CancellationToken.None);
        var mean = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = -mean[i];
        }

        return mean;
    }

    /// <summary>The model input for <paramref name="image"/>: resized and cropped, then <see cref="ToTensor"/>.</summary>
    public float[] Preprocess(Image<Rgb24> image)
    {
        if (image.Width == Size && image.Height == Size)
        {
            return ToTensor(image);
        }

        using var resized = Resize(image);
        return ToTensor(resized);
    }

    /// <summary>A new Size x Size image, resized and cropped as the settings say.</summary>
    public Image<Rgb24> Resize(Image<Rgb24> image) => image.Clone(context => context.Resize(new ResizeOptions
    {
        Size = new Size(Size, Size),
        Mode = _settings.Resize == ImageResizeMode.Stretch ? ResizeMode.Stretch : ResizeMode.Crop,
        Position = AnchorPositionMode.Center,
        Sampler = _sampler,
    }));

    /// <summary>Scales, reorders and mean-subtracts a Size x Size image into planes in model channel order.</summary>
    public float[] ToTensor(Image<Rgb24> sized)
    {
        if (sized.Width != Size || sized.Height != Size)
        {
            throw new ArgumentException($"Expected a {Size}x{Size} image, got {sized.Width}x{sized.Height}.", nameof(sized));
        }

        var tensor = new float[TensorLength];
        var plane = Size * Size;
        var scale = _settings.PixelScale;
        sized.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var pixel = row[x];
                    var at = (y * Size) + x;
                    for (var c = 0; c < 3; c++)
                    {
                        var value = _sourceChannel[c] switch { 0 => pixel.R, 1 => pixel.G, _ => pixel.B };
                        tensor[(c * plane) + at] = (value * scale) - _meanImage[(c * plane) + at];
                    }
                }
            }
        });
        return tensor;
    }
}
