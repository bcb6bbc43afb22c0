using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>
/// Optional body of an undo or a re-ranking: the paging and controls (filter, automatic cut, floor, order) to rank with;
/// when it names no control, the session's stay.
/// </summary>
public sealed record RankingOptionsRequest(
    int? Top = null, float? MinScore = null, int? Page = null, FilterRequest? Filter = null, int? Autocut = null, string? Order = null)
{
    public PageRequest ToPageRequest() => new(Top, null, MinScore, Page, Filter, Autocut, Order);
}
