using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Embeddings;

/// <summary>Turns decoded RGB images into L2-normalised embeddings of one model.</summary>
public interface IImageEmbedder
{
    ModelInfo Model { get; }

    /// <summary>Whether the model is there and loads (asking may load it); never throws.</summary>
    ModelStatus Status { get; }

    Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken);
}
