using ImageSearch.Core.Downloads;
using ImageSearch.Core.Sources.Web;

namespace ImageSearch.Functions.Http;

/// <summary>
/// The links the API hands out: catalog images, and fresh signed download links (never stored: they expire). Web
/// results are shown through their download links too, so the browser never contacts the remote host.
/// </summary>
public sealed class ApiLinks(ApiRoutes routes, DownloadLinks downloads)
{
    public string CatalogImage(string itemId) => routes.PathOf($"catalog/{itemId}/image");

    /// <summary>A download link for an image of <paramref name="source"/>, or null when that source has none.</summary>
    public string? Download(string sessionId, string source, string id, string title) =>
        downloads.TokenFor(sessionId, source, id, title) is { } token ? routes.PathOf($"downloads/{token}") : null;

    /// <summary>Where a result's image is shown from.</summary>
    public string ImageOf(string source, string id, string? downloadUrl) =>
        source == DuckDuckGoImageSource.SourceName && downloadUrl is not null ? downloadUrl : CatalogImage(id);
}
