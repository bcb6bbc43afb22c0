using ImageSearch.Core.Catalog;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

/// <summary>
/// Turns the controls of a request into the session's <see cref="RankingControls"/>, checking them at the boundary
/// (400 <c>invalid-filter</c>, <c>invalid-autocut</c>, <c>invalid-order</c>; the floor is checked by <see cref="Paging"/>).
/// </summary>
public static class ControlRules
{
    public const int MaxAutocut = 5;
    public const int MaxTags = 20;
    public const int MaxNameLength = 50;

    public static readonly IReadOnlyList<string> OrderNames = ["relevance", "newest", "oldest"];

    /// <summary>
    /// The controls to rank with. A request that names any control (filter, autocut, minScore, order) sets all of them,
    /// the ones it leaves out off; one that names none keeps <paramref name="stored"/> (refine, undo and rank keep the
    /// session's; a new search passes null and so starts from the defaults).
    /// </summary>
    public static RankingControls Resolve(PageRequest request, RankingControls? stored)
    {
        if (!request.HasControls)
        {
            return stored ?? RankingControls.Default;
        }

        if (request.Autocut is < 0 or > MaxAutocut)
        {
            throw new RequestValidationException("invalid-autocut", $"\"autocut\" must be between 0 (off) and {MaxAutocut}.");
        }

        var order = request.Order switch
        {
            null or "relevance" => ResultOrder.Relevance,
            "newest" => ResultOrder.Newest,
            "oldest" => ResultOrder.Oldest,
            _ => throw new RequestValidationException("invalid-order", $"\"order\" must be one of {string.Join(", ", OrderNames)}."),
        };
        var (filter, sources) = Filter(request.Filter);
        return new RankingControls { Filter = filter, Sources = sources, Autocut = request.Autocut ?? 0, MinScore = request.MinScore, Order = order };
    }

    private static (CatalogFilter? Filter, IReadOnlyList<string>? Sources) Filter(FilterRequest? request)
    {
        if (request is null)
        {
            return (null, null);
        }

        var category = string.IsNullOrWhiteSpace(request.Category) ? null : Name(request.Category, "category");
        var tags = (request.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Name(t, "tag")).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > MaxTags)
        {
            throw Invalid($"At most {MaxTags} tags.");
        }

        var sources = (request.Sources ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (sources.FirstOrDefault(s => !SourceSelection.KnownNames.Contains(s)) is { } unknown)
        {
            throw Invalid($"Unknown source \"{Clip(unknown)}\"; known: {string.Join(", ", SourceSelection.KnownNames)}.");
        }

        if (request.ImportedFrom > request.ImportedTo)
        {
            throw Invalid("\"importedFrom\" is after \"importedTo\".");
        }

        var filter = new CatalogFilter(category, tags.Count == 0 ? null : tags, request.ImportedFrom, request.ImportedTo);
        return (filter.IsEmpty ? null : filter, sources.Count == 0 ? null : sources);
    }

    private static string Name(string value, string what)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= MaxNameLength ? trimmed : throw Invalid($"A {what} in a filter has at most {MaxNameLength} characters.");
    }

    private static string Clip(string value) => value.Length <= MaxNameLength ? value : value[..MaxNameLength] + "…";

    private static RequestValidationException Invalid(string detail) => new RequestValidationException("invalid-filter", detail);
}
