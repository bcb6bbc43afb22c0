using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Sources;

/// <summary>
/// What a source gets: the effective query text (web sources search with it, plus any variations) and the composite
/// query vectors (the catalog ranks its index with them).
/// </summary>
public sealed record SourceQuery(string Text, IReadOnlyList<string> Variations, CompositeQuery Vectors);
