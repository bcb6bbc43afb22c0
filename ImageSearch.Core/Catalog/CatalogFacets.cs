namespace ImageSearch.Core.Catalog;

/// <summary>
/// What a catalog filter can choose from: each category and tag with how many items carry it (most first, then by name),
/// and the range of import dates (null for an empty catalog).
/// </summary>
public sealed record CatalogFacets(
    IReadOnlyList<CatalogFacets.Count> Categories, IReadOnlyList<CatalogFacets.Count> Tags, DateTimeOffset? FirstImport, DateTimeOffset? LastImport)
{
    public sealed record Count(string Value, int Items);

    public static CatalogFacets Of(CatalogIndex catalog) => new(
        Counted(catalog.Items.Select(i => i.Category).Where(c => c.Length > 0)),
        Counted(catalog.Items.SelectMany(i => i.Tags.Distinct(StringComparer.OrdinalIgnoreCase))),
        catalog.Count == 0 ? null : catalog.Items.Min(i => i.ImportedAt),
        catalog.Count == 0 ? null : catalog.Items.Max(i => i.ImportedAt));

    private static IReadOnlyList<Count> Counted(IEnumerable<string> values) =>
        [.. values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Count(g.Key, g.Count()))
            .OrderByDescending(c => c.Items).ThenBy(c => c.Value, StringComparer.Ordinal)];
}
