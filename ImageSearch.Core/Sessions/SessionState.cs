using System.Text.Json.Serialization;
using ImageSearch.Core.Refinement;

namespace ImageSearch.Core.Sessions;

/// <summary>What a session remembers between requests (stored as JSON in its table row; embeddings live in the cache).</summary>
public sealed record SessionState
{
    public static readonly SessionState Empty = new();

    /// <summary>The text the user typed for the current search, if any.</summary>
    public string? Query { get; init; }

    /// <summary>
    /// The typed query and the captions of the search's uploads merged into one query by the LLM rewriter, when it is
    /// present and answered well in time; null otherwise (the composer then uses the query and the captions side by side).
    /// </summary>
    public string? CombinedQuery { get; init; }

    /// <summary>Uploads the current search uses (ids of <see cref="Uploads"/>).</summary>
    public IReadOnlyList<string> QueryUploadIds { get; init; } = [];

    /// <summary>Refinements applied to the current search, oldest first; undo removes the last.</summary>
    public IReadOnlyList<AppliedRefinement> Refinements { get; init; } = [];

    /// <summary>Filters, cut and order of the current search; null = the defaults (kept out of the stored JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RankingControls? Controls { get; init; }

    /// <summary>The query as the pipeline understood it last time (shown to the user).</summary>
    public string? EffectiveQuery { get; init; }

    /// <summary>The results of the last search or refinement.</summary>
    public IReadOnlyList<RankedResult> LastResults { get; init; } = [];

    /// <summary>Images uploaded to this session (their JPEGs are in the session's container).</summary>
    public IReadOnlyList<SessionUpload> Uploads { get; init; } = [];

    /// <summary>How many images are uploaded to this session now.</summary>
    public int UploadCount => Uploads.Count;

    /// <summary>Number of searches and refinements run in this session.</summary>
    public int SearchCount { get; init; }

    public bool HasSearch => Query is not null || QueryUploadIds.Count > 0;
}
