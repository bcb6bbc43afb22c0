using ImageSearch.Core.Embeddings;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// A set of models that together embed catalog items and queries: the embedded default (MiniLM text + ResNet18 image)
/// or the CLIP tier. The search pipeline only talks to this interface, so a tier plugs in without touching the functions.
/// </summary>
public interface IRankingTier
{
    /// <summary>"embedded" or "clip".</summary>
    string Name { get; }

    /// <summary>Higher wins when several tiers are available.</summary>
    int Priority { get; }

    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>Whether the tier's model files are present and loadable; with the reason when not.</summary>
    ModelStatus Status { get; }

    /// <summary>Embeds query texts into the space the item embeddings they are compared with live in.</summary>
    ITextEmbedder Queries { get; }

    /// <summary>Embeds images into the space this tier compares images in (uploads, "more like this").</summary>
    IImageEmbedder Images { get; }

    /// <summary>The model of the item embeddings a text query is compared with.</summary>
    string QueryModelId => Queries.Model.Id;

    /// <summary>The model whose image embeddings this tier compares images with.</summary>
    string ImageModelId => Images.Model.Id;

    /// <summary>The embeddings stored per catalog item under this tier (one per model id).</summary>
    Task<IReadOnlyList<Embedding>> EmbedItemAsync(string text, Image<Rgb24> image, CancellationToken cancellationToken);

    async Task<Embedding> EmbedQueryAsync(string text, CancellationToken cancellationToken) =>
        (await Queries.EmbedAsync([text], cancellationToken))[0];

    async Task<Embedding> EmbedImageAsync(Image<Rgb24> image, CancellationToken cancellationToken) =>
        (await Images.EmbedAsync([image], cancellationToken))[0];
}
