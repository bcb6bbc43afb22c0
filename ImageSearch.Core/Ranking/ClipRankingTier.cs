using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Clip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The real-model tier: openai/clip-vit-base-patch32 (ONNX export downloaded by scripts/download-models.sh). Queries and
/// images share CLIP's space, so a text query is compared with each item's CLIP image embedding. Available only when
/// its files are present and both towers load and answer a probe; otherwise health says why.
/// </summary>
public sealed partial class ClipRankingTier(
    ClipTextEmbedder text, ClipImageEmbedder image, IOptions<ClipOptions> options, ILogger<ClipRankingTier> logger) : IRankingTier
{
    private readonly Lazy<ModelStatus> _status = new(() => Probe(text, image, options.Value, logger));

    public string Name => "clip";

    public int Priority => 10;

    public IReadOnlyList<ModelInfo> Models => [ClipModel.Info];

    public ModelStatus Status => _status.Value;

    public string QueryModelId => ClipModel.Info.Id;

    public string ImageModelId => ClipModel.Info.Id;

    public async Task<Embedding> EmbedQueryAsync(string query, CancellationToken cancellationToken) =>
        (await text.EmbedAsync([query], cancellationToken))[0];

    public async Task<Embedding> EmbedImageAsync(Image<Rgb24> picture, CancellationToken cancellationToken) =>
        (await image.EmbedAsync([picture], cancellationToken))[0];

    public async Task<IReadOnlyList<Embedding>> EmbedItemAsync(string description, Image<Rgb24> picture, CancellationToken cancellationToken) =>
        [await EmbedImageAsync(picture, cancellationToken)];

    private static ModelStatus Probe(ClipTextEmbedder text, ClipImageEmbedder image, ClipOptions options, ILogger logger)
    {
        if (!text.IsAvailable || !image.IsAvailable)
        {
            var reason = $"CLIP files not found under '{options.ModelDirectory}'; run scripts/download-models.sh clip.";
            LogUnavailable(logger, reason);
            return ModelStatus.Unavailable(reason);
        }

        try
        {
            using var probe = new Image<Rgb24>(8, 8);
            _ = text.EmbedAsync(["a photo"], CancellationToken.None).GetAwaiter().GetResult();
            _ = image.EmbedAsync([probe], CancellationToken.None).GetAwaiter().GetResult();
            LogLoaded(logger, options.ModelDirectory);
            return ModelStatus.Available($"Loaded from '{options.ModelDirectory}'.");
        }
        catch (Exception e) when (e is ClipModelException or ModelUnavailableException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidDataException or IOException)
        {
            var reason = $"CLIP files under '{options.ModelDirectory}' could not be loaded: {e.Message}";
            LogUnavailable(logger, reason);
            return ModelStatus.Unavailable(reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CLIP tier loaded from {Directory}")]
    private static partial void LogLoaded(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CLIP tier unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
