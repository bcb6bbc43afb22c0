using System.Buffers;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// An immutable in-memory snapshot of the catalog. Metadata sits in columns (<see cref="Columns"/>, by item ordinal);
/// each model's vectors are held in memory once, as int8 codes (<see cref="QuantizedSpace"/>), their exact fp32 values in
/// a local file. A search scans the int8 codes over all cores for a shortlist, then re-ranks the shortlist exactly with
/// <see cref="EmbeddingIndex"/> (the one scoring implementation) on the exact vectors read back for it alone. <see cref="With"/> makes the next snapshot by appending.
/// </summary>
public sealed class CatalogIndex
{
    /// <summary>The shortlist re-ranked exactly holds this many items per item asked for (at least <see cref="MinShortlist"/>).</summary>
    public const int ShortlistFactor = 4;

    public const int MinShortlist = 64;

    private readonly State _state;

    public CatalogIndex(IReadOnlyList<CatalogItem> items, string version)
        : this(Build(items), version)
    {
    }

    private CatalogIndex(State state, string version)
    {
        _state = state;
        Version = version;
    }

    public static CatalogIndex Empty { get; } = new([], "");

    /// <summary>The first snapshot of a line built by <paramref name="builder"/> (a load that appends in chunks, e.g. from a blob snapshot).</summary>
    internal static CatalogIndex Built(CatalogIndexBuilder builder, string version) => new(builder.Publish(), version);

    public string Version { get; }

    /// <summary>How many items the catalog holds (re-imported ids count once).</summary>
    public int Count => _state.Live;

    /// <summary>Rows superseded by a re-import of their id, still held until the index is rebuilt.</summary>
    public int DeadCount => _state.Dead;

    /// <summary>Every item ordinal ever appended to this snapshot's line (live or superseded); ordinals are below it.</summary>
    public int Ordinals => _state.Columns.Count;

    /// <summary>The items' metadata by ordinal, for filters inside the scan (category, tags, import date).</summary>
    public CatalogColumnsView Columns => _state.Columns;

    /// <summary>Whether <paramref name="ordinal"/> is a current item (not superseded by a re-import).</summary>
    public bool IsLive(int ordinal) =>
        ordinal < _state.Columns.Count && (ordinal / 64 >= _state.DeadBits.Length || (_state.DeadBits[ordinal / 64] & (1UL << (ordinal % 64))) == 0);

    /// <summary>How many items carry an embedding of <paramref name="modelId"/>.</summary>
    public int CountFor(string modelId) => _state.LiveRows.GetValueOrDefault(modelId);

    /// <summary>Whether every item carries an embedding of <paramref name="modelId"/> (a tier can rank the whole catalog).</summary>
    public bool Covers(string modelId) => CountFor(modelId) == Count;

    /// <summary>The item with <paramref name="id"/>, or null.</summary>
    public CatalogItem? Find(string id) => OrdinalOf(id) is var ordinal and >= 0 ? ItemAt(ordinal) : null;

    /// <summary>The item at <paramref name="ordinal"/> with its (exact) embeddings.</summary>
    public CatalogItem ItemAt(int ordinal) => _state.Columns.Item(ordinal, EmbeddingsOf(ordinal));

    /// <summary>Up to <paramref name="max"/> current items without an embedding of <paramref name="modelId"/>.</summary>
    public IReadOnlyList<CatalogItem> MissingFor(string modelId, int max)
    {
        var space = _state.Spaces.FirstOrDefault(s => s.ModelId == modelId);
        return [.. Enumerable.Range(0, Ordinals).Where(o => IsLive(o) && (space is null || space.RowOf(o) < 0)).Take(max).Select(ItemAt)];
    }

    /// <summary>The <paramref name="k"/> items closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<ScoredItem> Nearest(Embedding query, int k) => Nearest(CompositeQuery.Of(query), k);

    /// <summary>
    /// The <paramref name="k"/> items with the best composite score (<see cref="EmbeddingIndex.Top"/>), best first, among the
    /// items <paramref name="include"/> accepts (by ordinal; see <see cref="Columns"/>) when given.
    /// </summary>
    public IReadOnlyList<ScoredItem> Nearest(CompositeQuery query, int k, Func<int, bool>? include = null)
    {
        if (query.Components.Count == 0 || k <= 0 || Space(query.Components[0].Vector) is not { } primary)
        {
            return [];
        }

        var shortlist = Shortlist(query, primary, Math.Max(ShortlistFactor * k, MinShortlist), include);
        Array.Sort(shortlist); // equal exact scores: lower ordinal first, as before
        var embeddings = shortlist.Select(EmbeddingsOf).ToList();
        return [.. new EmbeddingIndex(embeddings).Top(query, k).Select(hit => new ScoredItem(_state.Columns.Item(shortlist[hit.Item], embeddings[hit.Item]), hit.Score))];
    }

    /// <summary>
    /// The best <paramref name="k"/> of the items <paramref name="filter"/> matches (filtered inside the scan, before the
    /// shortlist, so a narrow filter still gets its best items); no filter or an empty one keeps every item.
    /// </summary>
    public IReadOnlyList<ScoredItem> Nearest(CompositeQuery query, int k, CatalogFilter? filter) =>
        Nearest(query, k, filter is null || filter.IsEmpty ? null : ordinal => filter.Matches(_state.Columns, ordinal));

    /// <summary>Every current item's ordinal (superseded rows skipped).</summary>
    public IEnumerable<int> LiveOrdinals() => Enumerable.Range(0, Ordinals).Where(IsLive);

    /// <summary>The next snapshot: this one with <paramref name="changed"/> items added or replacing the items of their ids.</summary>
    public CatalogIndex With(IReadOnlyList<CatalogItem> changed, string version)
    {
        lock (_state.Builder)
        {
            if (Ordinals == 0 || _state.Builder.Count != Ordinals)
            {
                // Not the newest snapshot of its line (or the shared empty one): start a line of its own.
                return new CatalogIndex([.. LiveItems(), .. changed], version);
            }

            _state.Builder.Append(changed);
            return new CatalogIndex(_state.Builder.Publish(), version);
        }
    }

    /// <summary>A compacted copy (superseded rows dropped); costs a pass over every item.</summary>
    public CatalogIndex Compact() => new([.. LiveItems()], Version);

    private IEnumerable<CatalogItem> LiveItems() => LiveOrdinals().Select(ItemAt);

    private int[] Shortlist(CompositeQuery query, QuantizedSpaceView primary, int size, Func<int, bool>? include)
    {
        var total = ArrayPool<float>.Shared.Rent(Ordinals);
        try
        {
            Array.Clear(total, 0, Ordinals);
            foreach (var component in query.Components)
            {
                Space(component.Vector)?.AddApproximateScores(component.Vector.Vector, component.Weight, total);
            }

            return primary.Shortlist(total, size, include is null ? IsLive : o => IsLive(o) && include(o));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(total);
        }
    }

    private List<Embedding> EmbeddingsOf(int ordinal) =>
        [.. _state.Spaces.Select(s => (Space: s, Row: s.RowOf(ordinal))).Where(x => x.Row >= 0).Select(x => new Embedding(x.Space.ModelId, x.Space.Vector(x.Row)))];

    private QuantizedSpaceView? Space(Embedding vector) =>
        _state.Spaces.FirstOrDefault(s => s.ModelId == vector.ModelId && s.Dimensions == vector.Dimensions);

    private int OrdinalOf(string id)
    {
        switch (_state.Latest.Find(id, _state.Columns, out var latest))
        {
            case CatalogIdTable.Lookup.Absent:
                return -1;
            case CatalogIdTable.Lookup.Found:
                return IsLive(latest) ? latest : -1;
        }

        // Re-imported after this snapshot was taken: the id's live ordinal inside this snapshot, if any.
        for (var o = Ordinals - 1; o >= 0; o--)
        {
            if (IsLive(o) && _state.Columns.Id(o) == id) // rare: a string per item scanned
            {
                return o;
            }
        }

        return -1;
    }

    private static State Build(IReadOnlyList<CatalogItem> items)
    {
        var builder = new CatalogIndexBuilder();
        builder.Append(items);
        return builder.Publish();
    }

    /// <summary>What a snapshot captured from its <see cref="CatalogIndexBuilder"/>.</summary>
    internal sealed record State(
        CatalogIndexBuilder Builder, CatalogColumnsView Columns, IReadOnlyList<QuantizedSpaceView> Spaces, IReadOnlyDictionary<string, int> LiveRows,
        ulong[] DeadBits, int Live, int Dead, CatalogIdTable Latest);
}
