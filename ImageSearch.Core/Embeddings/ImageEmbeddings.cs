using ImageSearch.Core.Ranking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Embeddings;

/// <summary>Image embeddings through the cache: each image (by content hash) is embedded once per model.</summary>
public sealed class ImageEmbeddings(IEmbeddingCache cache)
{
    /// <summary>The image's embedding in <paramref name="tier"/>'s image space; <paramref name="image"/> is decoded only on a miss.</summary>
    public Task<Embedding> GetOrComputeAsync(
        IRankingTier tier, string contentHash, Func<CancellationToken, Task<Image<Rgb24>>> image, CancellationToken cancellationToken) =>
        GetOrComputeAsync(tier, contentHash, async ct =>
        {
            using var pixels = await image(ct);
            return await tier.EmbedImageAsync(pixels, ct);
        }, cancellationToken);

    /// <summary>As above for an image already decoded (the caller keeps ownership).</summary>
    public Task<Embedding> GetOrComputeAsync(IRankingTier tier, string contentHash, Image<Rgb24> image, CancellationToken cancellationToken) =>
        GetOrComputeAsync(tier, contentHash, ct => tier.EmbedImageAsync(image, ct), cancellationToken);

    private async Task<Embedding> GetOrComputeAsync(
        IRankingTier tier, string contentHash, Func<CancellationToken, Task<Embedding>> compute, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(tier.ImageModelId, contentHash, cancellationToken) is { } cached)
        {
            return cached;
        }

        var embedding = await compute(cancellationToken);
        await cache.SetAsync(contentHash, embedding, cancellationToken);
        return embedding;
    }
}
