using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// An immutable in-memory snapshot of the catalog: its items, looked up by id, and their embeddings in an
/// <see cref="EmbeddingIndex"/> (exact cosine over one contiguous matrix per model).
/// </summary>
public sealed class CatalogIndex
{
    private readonly CatalogItem[] _items;
    private readonly EmbeddingIndex _embeddings;

    public CatalogIndex(IReadOnlyList<CatalogItem> items, string version)
    {
        _items = [.. items];
        Version = version;
        _embeddings = new EmbeddingIndex([.. _items.Select(i => i.Embeddings)]);
        ById = _items.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public static CatalogIndex Empty { get; } = new([], "");

    public IReadOnlyList<CatalogItem> Items => _items;

    public IReadOnlyDictionary<string, CatalogItem> ById { get; }

    public string Version { get; }

    public int Count => _items.Length;

    /// <summary>How many items carry an embedding of <paramref name="modelId"/>.</summary>
    public int CountFor(string modelId) => _embeddings.CountFor(modelId);

    /// <summary>Whether every item carries an embedding of <paramref name="modelId"/> (a tier can rank the whole catalog).</summary>
    public bool Covers(string modelId) => CountFor(modelId) == Count;

    /// <summary>The <paramref name="k"/> items closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<ScoredItem> Nearest(Embedding query, int k) => Nearest(CompositeQuery.Of(query), k);

    /// <summary>
    /// The <paramref name="k"/> items with the best composite score (<see cref="EmbeddingIndex.Top"/>), best first; with a
    /// <paramref name="filter"/>, the best <paramref name="k"/> of the items it matches (filtered inside the scan).
    /// </summary>
    public IReadOnlyList<ScoredItem> Nearest(CompositeQuery query, int k, CatalogFilter? filter = null)
    {
        Func<int, bool>? include = filter is null || filter.IsEmpty ? null : i => filter.Matches(_items[i]);
        return [.. _embeddings.Top(query, k, include: include).Select(hit => new ScoredItem(_items[hit.Item], hit.Score))];
    }
}
