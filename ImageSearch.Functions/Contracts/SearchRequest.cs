using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>
/// The body of a search: text, uploaded images of the session, or both, with the ranking options and controls. Null
/// numbers take the configured defaults; controls left out are off. A new search starts a new refinement chain.
/// </summary>
public sealed record SearchRequest(
    string? Query,
    IReadOnlyList<string>? UploadIds = null,
    int? Top = null,
    int? Candidates = null,
    float? MinScore = null,
    int? Page = null,
    FilterRequest? Filter = null,
    int? Autocut = null,
    string? Order = null)
{
    public PageRequest ToPageRequest() => new(Top, Candidates, MinScore, Page, Filter, Autocut, Order);
}
