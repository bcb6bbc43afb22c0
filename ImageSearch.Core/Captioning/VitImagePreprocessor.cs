using ImageSearch.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// ViTImageProcessor in C#: stretch to <see cref="VitPreprocessorConfig.Height"/> x <see cref="VitPreprocessorConfig.Width"/>
/// (aspect ratio not kept, as Hugging Face does), then <see cref="PixelTensor"/> (rescale, normalise, channels first).
/// ImageSharp's resamplers are close to PIL's, not bit-identical.
/// </summary>
public sealed class VitImagePreprocessor
{
    private readonly VitPreprocessorConfig _config;
    private readonly IResampler _resampler;
    private readonly PixelTensor _tensor;

    public VitImagePreprocessor(VitPreprocessorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _resampler = PilResampling.Resampler(config.Resample);
        _tensor = new PixelTensor(config.DoRescale, config.RescaleFactor, config.DoNormalize, config.ImageMean, config.ImageStd);
    }

    public int Height => _config.Height;

    public int Width => _config.Width;

    /// <summary>The image as [1, 3, Height, Width] floats.</summary>
    public float[] Preprocess(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var resized = image.Width == Width && image.Height == Height
            ? null
            : image.Clone(ctx => ctx.Resize(new ResizeOptions { Size = new Size(Width, Height), Mode = ResizeMode.Stretch, Sampler = _resampler }));
        try
        {
            var pixels = new float[3 * Height * Width];
            _tensor.Write(resized ?? image, 0, 0, Height, Width, pixels);
            return pixels;
        }
        finally
        {
            resized?.Dispose();
        }
    }
}
