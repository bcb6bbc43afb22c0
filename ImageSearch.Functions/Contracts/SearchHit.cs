using ImageSearch.Core.Sessions;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>
/// One ranked result as the client sees it. <see cref="DownloadUrl"/> is a short-lived signed link (refreshed on every
/// read); <see cref="ImportedAt"/> is when a catalog item was imported (null for web results).
/// </summary>
public sealed record SearchHit(
    string Id, string Title, string Description, float Score, string ImageUrl, string Source, string? DownloadUrl, DateTimeOffset? ImportedAt)
{
    public static SearchHit From(string sessionId, RankedResult result, ApiLinks links)
    {
        var download = links.Download(sessionId, result.Source, result.Id, result.Title);
        return new(
            result.Id, result.Title, result.Description, result.Score, links.ImageOf(result.Source, result.Id, download), result.Source, download,
            result.ImportedAt);
    }
}
