using ImageSearch.Core.Fetching;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// Remembers fetched web images by URL so a repeated search neither refetches nor re-embeds them (embeddings are cached
/// by content hash in <see cref="Embeddings.IEmbeddingCache"/>). Refusals are remembered for a shorter time.
/// </summary>
public interface IWebImageCache
{
    Task<WebCacheLookup> GetAsync(Uri imageUrl, CancellationToken cancellationToken);

    Task SetAsync(Uri imageUrl, CachedWebImage image, CancellationToken cancellationToken);

    Task SetRejectedAsync(Uri imageUrl, FetchRejection reason, CancellationToken cancellationToken);
}
