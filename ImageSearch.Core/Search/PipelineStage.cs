namespace ImageSearch.Core.Search;

/// <summary>
/// The names of the measured stages of a search, refine or undo, in pipeline order: each <see cref="StageTiming.Stage"/>
/// and each Server-Timing metric is one of them. The API contract (static-site/openapi.json, schema <c>Stage</c>) lists the
/// same names in the same order, and the page names them from there; a test keeps the two lists equal.
/// </summary>
public static class PipelineStage
{
    public const string Session = "session";
    public const string Rewrite = "rewrite";
    public const string Refine = "refine";
    public const string Embed = "embed";
    public const string Fetch = "fetch";
    public const string EmbedCandidates = "embed-candidates";
    public const string Rank = "rank";
    public const string Save = "save";

    public static IReadOnlyList<string> All { get; } = [Session, Rewrite, Refine, Embed, Fetch, EmbedCandidates, Rank, Save];
}
