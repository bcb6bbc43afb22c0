using ImageSearch.Core.Refinement;

namespace ImageSearch.Core.Search;

/// <summary>A session as the API shows it.</summary>
public sealed record SessionView(
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    int IdleTimeoutMinutes,
    string? Query,
    string? EffectiveQuery,
    IReadOnlyList<string> UploadIds,
    IReadOnlyList<AppliedRefinement> Refinements,
    IReadOnlyList<SearchHit> Results,
    IReadOnlyList<UploadView> Uploads,
    int UploadCount);
