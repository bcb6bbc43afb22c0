using System.Text.Json;
using ImageSearch.Core.Imaging;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// ViTImageProcessor settings from a captioner export's <c>preprocessor_config.json</c>: resize to a fixed
/// height x width (no crop), rescale, normalise. <c>"size": 224</c> and <c>{"height": 224, "width": 224}</c> are both
/// read; missing keys take ViTImageProcessor's defaults (bilinear, 1/255, mean and std 0.5).
/// </summary>
public sealed record VitPreprocessorConfig(
    int Height, int Width, int Resample, bool DoRescale, double RescaleFactor, bool DoNormalize, float[] ImageMean, float[] ImageStd)
{
    /// <summary>PIL's code for bilinear, ViT's default.</summary>
    public const int Bilinear = PilResampling.Bilinear;

    /// <summary>ViTImageProcessor: stretched to the size, no crop.</summary>
    public HfImageSettings Settings => new(null, Height, Width, DoResize: true, Resample, DoRescale, RescaleFactor, DoNormalize, ImageMean, ImageStd);

    /// <summary>Reads the file; throws <see cref="FormatException"/> or <see cref="JsonException"/> on a bad one.</summary>
    public static VitPreprocessorConfig Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return Parse(document.RootElement);
    }

    /// <summary>Reads the settings; throws <see cref="FormatException"/> when they are missing, mistyped or unusable.</summary>
    public static VitPreprocessorConfig Parse(JsonElement root)
    {
        try
        {
            return Read(root);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"preprocessor_config.json cannot be read: {e.Message}", e);
        }
    }

    private static VitPreprocessorConfig Read(JsonElement root)
    {
        if (root.TryGetProperty("do_resize", out var resize) && !resize.GetBoolean())
        {
            throw new FormatException("do_resize is false; the encoder takes a fixed image size.");
        }

        var size = root.GetProperty("size");
        var (height, width) = size.ValueKind == JsonValueKind.Number
            ? (size.GetInt32(), size.GetInt32())
            : (size.GetProperty("height").GetInt32(), size.GetProperty("width").GetInt32());
        var config = new VitPreprocessorConfig(
            height,
            width,
            root.TryGetProperty("resample", out var resample) ? resample.GetInt32() : Bilinear,
            !root.TryGetProperty("do_rescale", out var rescale) || rescale.GetBoolean(),
            root.TryGetProperty("rescale_factor", out var factor) ? factor.GetDouble() : 1d / 255d,
            !root.TryGetProperty("do_normalize", out var normalize) || normalize.GetBoolean(),
            root.TryGetProperty("image_mean", out var mean) ? Floats(mean) : [0.5f, 0.5f, 0.5f],
            root.TryGetProperty("image_std", out var std) ? Floats(std) : [0.5f, 0.5f, 0.5f]);
        if (height < 1 || width < 1 || config.ImageMean.Length != 3 || config.ImageStd.Length != 3 || config.ImageStd.Any(s => s <= 0))
        {
            throw new FormatException("size must be positive; image_mean and image_std need three values, std above zero.");
        }

        return config;
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];
}
