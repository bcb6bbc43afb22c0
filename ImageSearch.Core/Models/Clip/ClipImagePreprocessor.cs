using ImageSearch.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIPImageProcessor in C#: resize so the shorter side is <see cref="ClipPreprocessorConfig.ShortestEdge"/> (other side
/// truncated as Hugging Face does), centre crop, then <see cref="PixelTensor"/> (scale, normalise, channels first).
/// The resize works on 8-bit RGB like PIL does; the kernels differ slightly from PIL's at edges of colour changes.
/// </summary>
public sealed class ClipImagePreprocessor
{
    private readonly ClipPreprocessorConfig _config;
    private readonly IResampler _resampler;
    private readonly PixelTensor _tensor;

    public ClipImagePreprocessor(ClipPreprocessorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _resampler = PilResampling.Resampler(config.Resample);
        _tensor = new PixelTensor(config.DoRescale, config.RescaleFactor, config.DoNormalize, config.ImageMean, config.ImageStd);
    }

    public static ClipImagePreprocessor FromFile(string path) => new(ClipPreprocessorConfig.Load(path));

    public int Height => _config.CropHeight;

    public int Width => _config.CropWidth;

    /// <summary>Floats one image takes: 3 x <see cref="Height"/> x <see cref="Width"/>.</summary>
    public int TensorLength => 3 * Height * Width;

    /// <summary>Writes the image as [3, Height, Width] floats into <paramref name="destination"/> (one slot of a batch tensor).</summary>
    public void Preprocess(Image<Rgb24> image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != TensorLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; one image needs {TensorLength}.", nameof(destination));
        }

        var (height, width) = ResizedSize(image.Height, image.Width);
        Image<Rgb24>? resized = null;
        try
        {
            if (height != image.Height || width != image.Width)
            {
                resized = image.Clone(ctx => ctx.Resize(new ResizeOptions
                {
                    Size = new Size(width, height),
                    Mode = ResizeMode.Stretch,
                    Sampler = _resampler,
                }));
            }

            WriteCrop(resized ?? image, destination);
        }
        finally
        {
            resized?.Dispose();
        }
    }

    /// <summary>transformers' get_resize_output_image_size(default_to_square=False): short side to the target, long side int(target * long / short).</summary>
    internal (int Height, int Width) ResizedSize(int height, int width)
    {
        if (!_config.DoResize)
        {
            return (height, width);
        }

        var target = _config.ShortestEdge;
        return width <= height
            ? ((int)(target * (double)height / width), target)
            : (target, (int)(target * (double)width / height));
    }

    private void WriteCrop(Image<Rgb24> image, Span<float> destination)
    {
        if (image.Height < Height || image.Width < Width)
        {
            throw new InvalidDataException($"An image of {image.Width}x{image.Height} is smaller than the {Width}x{Height} crop; preprocessor_config.json is inconsistent.");
        }

        // transformers' center_crop: integer halves, extra pixel on the bottom/right.
        _tensor.Write(image, (image.Height - Height) / 2, (image.Width - Width) / 2, Height, Width, destination);
    }
}
