using System.Text.Json;
using ImageSearch.Core.Imaging;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The image preprocessing a CLIP export expects, read from its Hugging Face <c>preprocessor_config.json</c>. Both the
/// old layout (<c>"size": 224</c>, <c>"crop_size": 224</c>) and the new one (<c>{"shortest_edge": 224}</c>,
/// <c>{"height": 224, "width": 224}</c>) are read; missing flags take the CLIPImageProcessor defaults.
/// </summary>
public sealed record ClipPreprocessorConfig(
    bool DoResize,
    int ShortestEdge,
    int Resample,
    bool DoCenterCrop,
    int CropHeight,
    int CropWidth,
    bool DoRescale,
    double RescaleFactor,
    bool DoNormalize,
    float[] ImageMean,
    float[] ImageStd)
{
    /// <summary>PIL's code for bicubic, the value CLIP's config carries.</summary>
    public const int Bicubic = PilResampling.Bicubic;

    /// <summary>The processor of the file at <paramref name="path"/>.</summary>
    public static HfImageProcessor ProcessorFromFile(string path) => new(Load(path).Settings);

    public HfImageSettings Settings => new(ShortestEdge, CropHeight, CropWidth, DoResize, Resample, DoRescale, RescaleFactor, DoNormalize, ImageMean, ImageStd);

    public static ClipPreprocessorConfig Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException($"CLIP preprocessing config '{path}' cannot be read: {e.Message}", e);
        }
    }

    public static ClipPreprocessorConfig Parse(JsonElement root)
    {
        var size = root.GetProperty("size");
        var shortest = size.ValueKind == JsonValueKind.Number ? size.GetInt32() : size.GetProperty("shortest_edge").GetInt32();
        var crop = root.GetProperty("crop_size");
        var (cropHeight, cropWidth) = crop.ValueKind == JsonValueKind.Number
            ? (crop.GetInt32(), crop.GetInt32())
            : (crop.GetProperty("height").GetInt32(), crop.GetProperty("width").GetInt32());
        var config = new ClipPreprocessorConfig(
            Flag(root, "do_resize"),
            shortest,
            root.TryGetProperty("resample", out var resample) ? resample.GetInt32() : Bicubic,
            Flag(root, "do_center_crop"),
            cropHeight,
            cropWidth,
            Flag(root, "do_rescale"),
            root.TryGetProperty("rescale_factor", out var factor) ? factor.GetDouble() : 1d / 255d,
            Flag(root, "do_normalize"),
            Floats(root.GetProperty("image_mean")),
            Floats(root.GetProperty("image_std")));
        config.Validate();
        return config;
    }

    private void Validate()
    {
        if (!DoCenterCrop)
        {
            throw new FormatException("do_center_crop is false; CLIP's fixed-size input needs the centre crop.");
        }

        if (ShortestEdge < 1 || CropHeight < 1 || CropWidth < 1 || (DoResize && ShortestEdge < Math.Max(CropHeight, CropWidth)))
        {
            throw new FormatException($"size {ShortestEdge} and crop {CropHeight}x{CropWidth} do not fit together.");
        }

        if (ImageMean.Length != 3 || ImageStd.Length != 3 || ImageStd.Any(s => s <= 0))
        {
            throw new FormatException("image_mean and image_std need three values, std above zero.");
        }
    }

    private static bool Flag(JsonElement root, string name) => !root.TryGetProperty(name, out var value) || value.GetBoolean();

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];
}
