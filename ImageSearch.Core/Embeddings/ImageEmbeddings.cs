using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Embeddings;

/// <summary>Image embeddings through the cache: each image (by content hash) is embedded once per model.</summary>
public sealed class ImageEmbeddings(IEmbeddingCache cache)
{
    /// <summary>The image's embedding by <paramref name="embedder"/>; <paramref name="image"/> is decoded only on a miss.</summary>
    public Task<Embedding> GetOrComputeAsync(
        IImageEmbedder embedder, string contentHash, Func<CancellationToken, Task<Image<Rgb24>>> image, CancellationToken cancellationToken) =>
        GetOrComputeAsync(embedder.Model.Id, contentHash, async ct =>
        {
            using var pixels = await image(ct);
            return (await embedder.EmbedAsync([pixels], ct))[0];
        }, cancellationToken);

    /// <summary>As above for an image already decoded (the caller keeps ownership).</summary>
    public Task<Embedding> GetOrComputeAsync(IImageEmbedder embedder, string contentHash, Image<Rgb24> image, CancellationToken cancellationToken) =>
        GetOrComputeAsync(embedder.Model.Id, contentHash, async ct => (await embedder.EmbedAsync([image], ct))[0], cancellationToken);

    private async Task<Embedding> GetOrComputeAsync(
        string modelId, string contentHash, Func<CancellationToken, Task<Embedding>> compute, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(modelId, contentHash, cancellationToken) is { } cached)
        {
            return cached;
        }

        var embedding = await compute(cancellationToken);
        await cache.SetAsync(contentHash, embedding, cancellationToken);
        return embedding;
    }
}
