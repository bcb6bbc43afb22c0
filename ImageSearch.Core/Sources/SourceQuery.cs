using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Sources;

/// <summary>
/// What a source gets: the effective query text (web sources search with it, plus any variations), the composite query
/// vectors, and the catalog snapshot the request ranks against (read once per request, so the tier, the query and the
/// catalog candidates all come from the same version), and the filter the catalog applies while it scans (null: none).
/// </summary>
public sealed record SourceQuery(string Text, IReadOnlyList<string> Variations, CompositeQuery Vectors, CatalogIndex Catalog, CatalogFilter? Filter = null);
