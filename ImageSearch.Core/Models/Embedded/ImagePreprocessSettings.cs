using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>How an image model wants its input, read from the JSON file next to the model (e.g. resnet18.preprocess.json).</summary>
public sealed record ImagePreprocessSettings
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>ONNX file of the model, relative to the settings file.</summary>
    [Required(AllowEmptyStrings = false)]
    public required string Model { get; init; }

    [Required(AllowEmptyStrings = false)]
    public required string Input { get; init; }

    [Required(AllowEmptyStrings = false)]
    public required string Output { get; init; }

    [Range(1, 65536)]
    public required int Dimensions { get; init; }

    /// <summary>Side of the square input, in pixels.</summary>
    [Range(1, 4096)]
    public required int Size { get; init; }

    public required ImageResizeMode Resize { get; init; }

    public required ImageInterpolation Interpolation { get; init; }

    /// <summary>Factor applied to 0..255 pixel values before the mean is subtracted.</summary>
    [Range(1e-6, 1e6)]
    public required float PixelScale { get; init; }

    /// <summary>Order of the colour planes in the model input.</summary>
    public required ChannelOrder ChannelOrder { get; init; }

    /// <summary>ONNX graph (relative to the settings file) whose output on a zero image is minus the mean image.</summary>
    [Required(AllowEmptyStrings = false)]
    public required string MeanImageModel { get; init; }

    /// <summary>Reads and validates the file; any problem becomes a <see cref="ModelUnavailableException"/> naming it.</summary>
    public static ImagePreprocessSettings Load(string modelId, string path)
    {
        ImagePreprocessSettings? settings;
        try
        {
            using var stream = File.OpenRead(path);
            settings = JsonSerializer.Deserialize<ImagePreprocessSettings>(stream, JsonOptions);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelUnavailableException(modelId, path, "the preprocessing settings file does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ModelUnavailableException(modelId, path, $"the preprocessing settings cannot be read: {e.Message}", e);
        }

        if (settings is null)
        {
            throw new ModelUnavailableException(modelId, path, "the preprocessing settings file holds null");
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), errors, validateAllProperties: true)
            || !Enum.IsDefined(settings.Resize) || !Enum.IsDefined(settings.Interpolation) || !Enum.IsDefined(settings.ChannelOrder))
        {
            var reasons = errors.Count > 0 ? string.Join("; ", errors.Select(e => e.ErrorMessage)) : "an unknown enum value";
            throw new ModelUnavailableException(modelId, path, $"invalid preprocessing settings: {reasons}");
        }

        return settings;
    }
}

public enum ImageResizeMode
{
    /// <summary>Scale so the shorter side equals the size, then crop the centre square.</summary>
    ShorterSideThenCenterCrop,

    /// <summary>Scale both sides to the size, ignoring the aspect ratio.</summary>
    Stretch,
}

public enum ImageInterpolation
{
    Nearest,
    Bilinear,
    Bicubic,
}

public enum ChannelOrder
{
    Rgb,
    Bgr,
}
