using ImageSearch.Core.Search;

namespace ImageSearch.Core.Sessions;

/// <summary>What a session remembers between requests.</summary>
public sealed record SessionState
{
    public static readonly SessionState Empty = new();

    /// <summary>The query text of the last search, if any.</summary>
    public string? Query { get; init; }

    /// <summary>The results of the last search.</summary>
    public IReadOnlyList<SearchHit> LastResults { get; init; } = [];

    /// <summary>How many images were uploaded to this session.</summary>
    public int UploadCount { get; init; }

    /// <summary>Number of searches run in this session.</summary>
    public int SearchCount { get; init; }
}
