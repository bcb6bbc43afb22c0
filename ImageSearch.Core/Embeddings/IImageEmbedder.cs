using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Embeddings;

/// <summary>Turns decoded RGB images into L2-normalised embeddings.</summary>
public interface IImageEmbedder
{
    ModelInfo Model { get; }

    Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken);
}
