using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>
/// One refinement step: exactly one of free-text feedback, a result to move toward, or a result to move away from; plus
/// the ranking options (controls left out: the session's stay).
/// </summary>
public sealed record RefineRequest(
    string? Feedback = null,
    string? Select = null,
    string? Reject = null,
    int? Top = null,
    float? MinScore = null,
    int? Page = null,
    FilterRequest? Filter = null,
    int? Autocut = null,
    string? Order = null)
{
    public PageRequest ToPageRequest() => new(Top, null, MinScore, Page, Filter, Autocut, Order);
}
