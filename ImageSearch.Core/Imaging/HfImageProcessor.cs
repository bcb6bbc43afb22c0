using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// The image preprocessing the downloaded models share (ViTImageProcessor for the captioner, CLIPImageProcessor for CLIP),
/// in C#: resize as <see cref="HfImageSettings"/> says, centre crop, then <see cref="PixelTensor"/> (channels first). The
/// resize works on 8-bit RGB like PIL does; ImageSharp's kernels are close to PIL's, not bit-identical at colour edges.
/// </summary>
public sealed class HfImageProcessor
{
    private readonly HfImageSettings _settings;
    private readonly IResampler _resampler;
    private readonly PixelTensor _tensor;

    public HfImageProcessor(HfImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _resampler = PilResampling.Resampler(settings.Resample);
        _tensor = new PixelTensor(settings.DoRescale, settings.RescaleFactor, settings.DoNormalize, settings.ImageMean, settings.ImageStd);
    }

    public int Height => _settings.Height;

    public int Width => _settings.Width;

    /// <summary>Floats one image takes: 3 x <see cref="Height"/> x <see cref="Width"/>.</summary>
    public int TensorLength => 3 * Height * Width;

    /// <summary>The image as [3, Height, Width] floats.</summary>
    public float[] Preprocess(Image<Rgb24> image)
    {
        var pixels = new float[TensorLength];
        Preprocess(image, pixels);
        return pixels;
    }

    /// <summary>Writes the image as [3, Height, Width] floats into <paramref name="destination"/> (one slot of a batch tensor).</summary>
    public void Preprocess(Image<Rgb24> image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != TensorLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; one image needs {TensorLength}.", nameof(destination));
        }

        var (height, width) = ResizedSize(image.Height, image.Width);
        var resized = height == image.Height && width == image.Width
            ? null
            : image.Clone(ctx => ctx.Resize(new ResizeOptions { Size = new Size(width, height), Mode = ResizeMode.Stretch, Sampler = _resampler }));
        try
        {
            var source = resized ?? image;
            if (source.Height < Height || source.Width < Width)
            {
                throw new InvalidDataException($"An image of {source.Width}x{source.Height} is smaller than the {Width}x{Height} crop; preprocessor_config.json is inconsistent.");
            }

            // transformers' center_crop: integer halves, extra pixel on the bottom/right.
            _tensor.Write(source, (source.Height - Height) / 2, (source.Width - Width) / 2, Height, Width, destination);
        }
        finally
        {
            resized?.Dispose();
        }
    }

    /// <summary>
    /// The size before the crop: the output size when stretching; else transformers' get_resize_output_image_size
    /// (default_to_square=False): short side to the target, long side int(target * long / short).
    /// </summary>
    public (int Height, int Width) ResizedSize(int height, int width)
    {
        if (_settings.ShortestEdge is not { } target)
        {
            return (Height, Width);
        }

        if (!_settings.DoResize)
        {
            return (height, width);
        }

        return width <= height
            ? ((int)(target * (double)height / width), target)
            : (target, (int)(target * (double)width / height));
    }
}
