using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>One refinement step: exactly one of free-text feedback, a result to move toward, or a result to move away from.</summary>
public sealed record RefineRequest(
    string? Feedback = null,
    string? Select = null,
    string? Reject = null,
    int? Top = null,
    float? MinScore = null,
    int? Page = null)
{
    public PageRequest ToPageRequest() => new(Top, null, MinScore, Page);
}

/// <summary>Optional body of an undo: the paging and relevance floor to rank with afterwards.</summary>
public sealed record UndoRequest(int? Top = null, float? MinScore = null, int? Page = null)
{
    public PageRequest ToPageRequest() => new(Top, null, MinScore, Page);
}
