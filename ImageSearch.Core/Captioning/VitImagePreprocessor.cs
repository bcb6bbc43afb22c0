using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// ViTImageProcessor in C#: stretch to <see cref="VitPreprocessorConfig.Height"/> x <see cref="VitPreprocessorConfig.Width"/>
/// (aspect ratio not kept, as Hugging Face does), rescale, normalise per channel, write channels-first floats.
/// ImageSharp's resamplers are close to PIL's, not bit-identical.
/// </summary>
public sealed class VitImagePreprocessor
{
    private readonly VitPreprocessorConfig _config;
    private readonly IResampler _resampler;
    private readonly float[][] _levels;

    public VitImagePreprocessor(VitPreprocessorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _resampler = config.Resample switch
        {
            0 => KnownResamplers.NearestNeighbor,
            1 => KnownResamplers.Lanczos3,
            VitPreprocessorConfig.Bilinear => KnownResamplers.Triangle,
            3 => KnownResamplers.Bicubic,
            4 => KnownResamplers.Box,
            _ => throw new FormatException($"preprocessor_config.json asks for PIL resample {config.Resample}, which has no ImageSharp equivalent here."),
        };
        _levels = [.. Enumerable.Range(0, 3).Select(Levels)];
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
            var source = resized ?? image;
            var plane = Height * Width;
            var pixels = new float[3 * plane];
            for (var y = 0; y < Height; y++)
            {
                var row = source.DangerousGetPixelRowMemory(y).Span;
                for (var x = 0; x < Width; x++)
                {
                    var offset = (y * Width) + x;
                    pixels[offset] = _levels[0][row[x].R];
                    pixels[plane + offset] = _levels[1][row[x].G];
                    pixels[(2 * plane) + offset] = _levels[2][row[x].B];
                }
            }

            return pixels;
        }
        finally
        {
            resized?.Dispose();
        }
    }

    private float[] Levels(int channel)
    {
        var levels = new float[256];
        for (var v = 0; v < 256; v++)
        {
            var value = _config.DoRescale ? (float)(v * _config.RescaleFactor) : v;
            levels[v] = _config.DoNormalize ? (value - _config.ImageMean[channel]) / _config.ImageStd[channel] : value;
        }

        return levels;
    }
}
