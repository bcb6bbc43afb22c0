using ImageSearch.Core.Ranking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Captioning;

/// <summary>Describes an uploaded image in words (an encoder-decoder model, or nearest-neighbour captioning).</summary>
public interface ICaptioner
{
    string Name { get; }

    /// <summary>Higher wins when several captioners are available.</summary>
    int Priority { get; }

    TierStatus Status { get; }

    Task<Caption> CaptionAsync(Image<Rgb24> image, CancellationToken cancellationToken);
}
