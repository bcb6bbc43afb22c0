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

    /// <summary>Embeds a query text into the space its item embeddings live in (<see cref="Embedding.ModelId"/> names that space).</summary>
    Task<Embedding> EmbedQueryAsync(string text, CancellationToken cancellationToken);

    /// <summary>The model of the item embeddings a text query is compared with (<see cref="EmbedQueryAsync"/>'s output).</summary>
    string QueryModelId { get; }

    /// <summary>The model whose image embeddings this tier compares images with (uploads, "more like this").</summary>
    string ImageModelId { get; }

    /// <summary>Embeds an image into the tier's image space (<see cref="ImageModelId"/>).</summary>
    Task<Embedding> EmbedImageAsync(Image<Rgb24> image, CancellationToken cancellationToken);

    /// <summary>The embeddings stored per catalog item under this tier (one per model id).</summary>
    Task<IReadOnlyList<Embedding>> EmbedItemAsync(string text, Image<Rgb24> image, CancellationToken cancellationToken);
}
