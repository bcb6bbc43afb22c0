namespace ImageSearch.Core.Catalog;

/// <summary>
/// What a catalog filter can choose from: each category and tag with how many items carry it (most first, then by name),
/// and the range of import dates (null for an empty catalog).
/// </summary>
public sealed record CatalogFacets(
    IReadOnlyList<CatalogFacets.Count> Categories, IReadOnlyList<CatalogFacets.Count> Tags, DateTimeOffset? FirstImport, DateTimeOffset? LastImport)
{
    public sealed record Count(string Value, int Items);

    public static CatalogFacets Of(CatalogIndex catalog)
    {
        var columns = catalog.Columns;
        var ordinals = catalog.LiveOrdinals().ToList();
        return new(
            Counted(ordinals.Select(columns.Category).Where(c => c.Length > 0)),
            Counted(ordinals.SelectMany(o => columns.Tags(o).Distinct(StringComparer.OrdinalIgnoreCase))),
            ordinals.Count == 0 ? null : ordinals.Min(columns.ImportedAt),
            ordinals.Count == 0 ? null : ordinals.Max(columns.ImportedAt));
    }

    private static IReadOnlyList<Count> Counted(IEnumerable<string> values) =>
        [.. values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Count(g.Key, g.Count()))
            .OrderByDescending(c => c.Items).ThenBy(c => c.Value, StringComparer.Ordinal)];
}
