using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Clip;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The real-model tier: openai/clip-vit-base-patch32 (ONNX export downloaded by scripts/download-models.sh). Queries and
/// images share CLIP's space, so a text query is compared with each item's CLIP image embedding. Available when both
/// towers' files are present and load; otherwise health says why (a later download is picked up without a restart).
/// </summary>
public sealed class ClipRankingTier(ClipTextEmbedder text, ClipImageEmbedder image) : IRankingTier
{
    public string Name => "clip";

    public int Priority => 10;

    public IReadOnlyList<ModelInfo> Models => [ClipModel.Info];

    public ModelStatus Status => ModelStatus.AllOf("Both CLIP towers are loaded.", text.Status, image.Status);

    public ITextEmbedder Queries => text;

    public IImageEmbedder Images => image;

    public async Task<IReadOnlyList<Embedding>> EmbedItemAsync(string description, Image<Rgb24> picture, CancellationToken cancellationToken) =>
        [(await image.EmbedAsync([picture], cancellationToken))[0]];
}
