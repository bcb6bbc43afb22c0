namespace ImageSearch.Core.Search;

/// <summary>
/// What a caller asks of a ranking: results per page, which page, candidates to rank, and the controls — filter, automatic
/// cut (<paramref name="Autocut"/> jumps), fixed relevance floor, order. Null paging numbers take the configured defaults;
/// for the controls see <see cref="ControlRules.Resolve"/>.
/// </summary>
public sealed record PageRequest(
    int? Top = null,
    int? Candidates = null,
    float? MinScore = null,
    int? Page = null,
    FilterRequest? Filter = null,
    int? Autocut = null,
    string? Order = null)
{
    /// <summary>Whether the request names any control (then it names all of them: the ones left out are off).</summary>
    public bool HasControls => Filter is not null || Autocut is not null || MinScore is not null || Order is not null;
}
