using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Search;

/// <summary>The session's query state turned into text (for sources and the user) and vectors (for ranking).</summary>
public sealed record ComposedQuery(string Text, string Display, CompositeQuery Vectors, IReadOnlySet<string> Excluded);
