using System.Collections.Concurrent;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Sources.Web;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>An in-memory <see cref="IWebImageCache"/> for tests that are not about storage.</summary>
internal sealed class MemoryWebImageCache : IWebImageCache
{
    private readonly ConcurrentDictionary<string, WebCacheLookup> _entries = new(StringComparer.Ordinal);

    public Task<WebCacheLookup> GetAsync(Uri imageUrl, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(imageUrl.AbsoluteUri, out var entry) ? entry : WebCacheLookup.Miss);

    public Task SetAsync(Uri imageUrl, CachedWebImage image, CancellationToken cancellationToken)
    {
        _entries[imageUrl.AbsoluteUri] = new WebCacheLookup(image, null);
        return Task.CompletedTask;
    }

    public Task SetRejectedAsync(Uri imageUrl, FetchRejection reason, CancellationToken cancellationToken)
    {
        _entries[imageUrl.AbsoluteUri] = new WebCacheLookup(null, reason);
        return Task.CompletedTask;
    }
}
