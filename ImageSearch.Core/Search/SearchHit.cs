namespace ImageSearch.Core.Search;

/// <summary>One ranked result as the client sees it. <see cref="DownloadUrl"/> is a short-lived signed link (refreshed on every read).</summary>
public sealed record SearchHit(string Id, string Title, string Description, float Score, string ImageUrl, string Source, string? DownloadUrl = null);
