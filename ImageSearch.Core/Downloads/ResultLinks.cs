using System.Text.RegularExpressions;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Downloads;

/// <summary>Gives results and uploads fresh signed download links (links are never stored: they expire).</summary>
public sealed partial class ResultLinks(DownloadLinks links, IOptions<StorageOptions> storage)
{
    public const string UploadSource = "upload";

    /// <summary>Fresh download links; web results are also shown through theirs (the browser never contacts the remote host).</summary>
    public IReadOnlyList<SearchHit> WithLinks(string sessionId, IReadOnlyList<SearchHit> hits) =>
        hits.Select(h => For(sessionId, h.Source, h.Id, h.Title) is var link && h.Source == DuckDuckGoImageSource.SourceName
            ? h with { DownloadUrl = link, ImageUrl = link! }
            : h with { DownloadUrl = link }).ToList();

    public string? For(string sessionId, string source, string id, string title) => source switch
    {
        CatalogSource.SourceName => links.Create(sessionId, storage.Value.CatalogContainer, $"items/{id}.jpg", FileName(title)),
        UploadSource => links.Create(sessionId, SessionId.ContainerName(SessionId.StorageKey(sessionId)), $"uploads/{id}.jpg", FileName(title)),
        DuckDuckGoImageSource.SourceName =>
            links.Create(sessionId, SessionId.ContainerName(SessionId.StorageKey(sessionId)), $"{SessionImages.ResultsFolder}{id}.jpg", FileName(title)),
        _ => null,
    };

    /// <summary>"Red apple (1)!" → "red-apple-1.jpg".</summary>
    public static string FileName(string title)
    {
        var slug = NotSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return (slug.Length == 0 ? "image" : slug[..Math.Min(slug.Length, 60)]) + ".jpg";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
