using ImageSearch.Core.Embeddings;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Captioning;

/// <summary>Describes an uploaded image in words (an encoder-decoder model, or nearest-neighbour captioning).</summary>
public interface ICaptioner
{
    string Name { get; }

    /// <summary>Higher wins when several captioners are available.</summary>
    int Priority { get; }

    ModelStatus Status { get; }

    /// <param name="image">The decoded image.</param>
    /// <param name="knownEmbeddings">Embeddings of this image already computed by the caller (so a captioner that needs
    /// one, like nearest-neighbour captioning, does not run the model again).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<Caption> CaptionAsync(Image<Rgb24> image, IReadOnlyList<Embedding> knownEmbeddings, CancellationToken cancellationToken);
}
