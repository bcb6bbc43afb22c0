using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// Writes RGB pixels as a channels-first float tensor the way Hugging Face image processors do: each 0..255 level
/// optionally rescaled (float32 of a float64 product), then optionally normalised per channel ((value - mean) / std).
/// The values of every level are computed once, so writing a pixel is three table lookups.
/// </summary>
public sealed class PixelTensor
{
    private readonly float[][] _levels;

    public PixelTensor(bool rescale, double rescaleFactor, bool normalize, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (normalize && (mean.Count != 3 || std.Count != 3 || std.Any(s => s <= 0)))
        {
            throw new FormatException("image_mean and image_std need three values, std above zero.");
        }

        _levels = [.. Enumerable.Range(0, 3).Select(channel => Enumerable.Range(0, 256).Select(v =>
        {
            var value = rescale ? (float)(v * rescaleFactor) : v;
            return normalize ? (value - mean[channel]) / std[channel] : value;
        }).ToArray())];
    }

    /// <summary>
    /// Writes the <paramref name="height"/> x <paramref name="width"/> region of <paramref name="image"/> at
    /// (<paramref name="top"/>, <paramref name="left"/>) as [3, height, width] floats into <paramref name="destination"/>.
    /// </summary>
    public void Write(Image<Rgb24> image, int top, int left, int height, int width, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != 3 * height * width)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; the region needs {3 * height * width}.", nameof(destination));
        }

        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(top + y).Span.Slice(left, width);
            var offset = y * width;
            for (var x = 0; x < width; x++)
            {
                var pixel = row[x];
                destination[offset + x] = _levels[0][pixel.R];
                destination[plane + offset + x] = _levels[1][pixel.G];
                destination[(2 * plane) + offset + x] = _levels[2][pixel.B];
            }
        }
    }
}
