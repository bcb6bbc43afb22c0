using ImageSearch.Core.Fetching;

namespace ImageSearch.Core.Sources.Web;

/// <summary>A remote image as cached: its clean JPEG, content hash and what the search result said about it.</summary>
public sealed record CachedWebImage(string ContentHash, byte[] Jpeg, string Title, string? PageUrl);

/// <summary>What the cache knows about an image URL: the image, a recent refusal, or nothing (<see cref="Miss"/>).</summary>
public sealed record WebCacheLookup(CachedWebImage? Image, FetchRejection? Rejection)
{
    public static readonly WebCacheLookup Miss = new(null, null);
}
