using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>Test images disposed together.</summary>
internal sealed class DisposableImages(params Image<Rgb24>[] images) : IDisposable
{
    public IReadOnlyList<Image<Rgb24>> Items { get; } = images;

    public void Dispose()
    {
        foreach (var image in Items)
        {
            image.Dispose();
        }
    }
}
