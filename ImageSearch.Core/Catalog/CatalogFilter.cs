namespace ImageSearch.Core.Catalog;

/// <summary>
/// Which catalog items a search may return: a category, tags (an item must carry every one), an import date range (both
/// ends inclusive). Null or empty parts do not filter. <see cref="CatalogIndex"/>
/// applies it inside the scan, before the top-k cut, so a filtered search still gets the best matching items.
/// Comparisons of text ignore case.
/// </summary>
public sealed record CatalogFilter(
    string? Category = null, IReadOnlyList<string>? Tags = null, DateTimeOffset? ImportedFrom = null, DateTimeOffset? ImportedTo = null)
{
    /// <summary>True when the filter keeps every item.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(Category) && (Tags is null || Tags.Count == 0) && ImportedFrom is null && ImportedTo is null;

    public bool Matches(CatalogItem item) =>
        (string.IsNullOrEmpty(Category) || string.Equals(item.Category, Category, StringComparison.OrdinalIgnoreCase))
        && (Tags is null || Tags.All(tag => item.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
        && (ImportedFrom is null || item.ImportedAt >= ImportedFrom)
        && (ImportedTo is null || item.ImportedAt <= ImportedTo);

    /// <summary>The same test on the item at <paramref name="ordinal"/> of an index's metadata columns (no item is built).</summary>
    public bool Matches(CatalogColumnsView columns, int ordinal) =>
        (string.IsNullOrEmpty(Category) || string.Equals(columns.Category(ordinal), Category, StringComparison.OrdinalIgnoreCase))
        && (Tags is null || Tags.All(tag => columns.HasTag(ordinal, tag, StringComparison.OrdinalIgnoreCase)))
        && (ImportedFrom is null || columns.ImportedAt(ordinal) >= ImportedFrom)
        && (ImportedTo is null || columns.ImportedAt(ordinal) <= ImportedTo);
}
