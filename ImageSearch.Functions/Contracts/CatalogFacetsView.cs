using ImageSearch.Core.Catalog;

namespace ImageSearch.Functions.Contracts;

/// <summary>What the page's filters offer: the catalog's categories and tags with their item counts, the configured sources, the import date range.</summary>
public sealed record CatalogFacetsView(
    IReadOnlyList<FacetCountView> Categories, IReadOnlyList<FacetCountView> Tags, IReadOnlyList<string> Sources,
    DateTimeOffset? FirstImport, DateTimeOffset? LastImport)
{
    public static CatalogFacetsView From(CatalogFacets facets, IReadOnlyList<string> sources) => new(
        [.. facets.Categories.Select(c => new FacetCountView(c.Value, c.Items))],
        [.. facets.Tags.Select(c => new FacetCountView(c.Value, c.Items))],
        sources, facets.FirstImport, facets.LastImport);
}

/// <summary>One category or tag and how many catalog items carry it.</summary>
public sealed record FacetCountView(string Value, int Items);
