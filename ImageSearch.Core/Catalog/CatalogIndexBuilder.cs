using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The one writer behind a line of <see cref="CatalogIndex"/> snapshots: appends items to the metadata columns and the
/// models' quantized spaces, marks the older row of a re-imported id dead, and publishes immutable snapshots. Appending a
/// few items costs in proportion to them (plus one copy of the dead-item bitmap), not to the catalog; every store grows by
/// chunks, so no size needs to be known in advance and nothing is copied as the catalog grows.
/// </summary>
internal sealed class CatalogIndexBuilder
{
    private readonly CatalogColumns _columns = new();
    private readonly Dictionary<string, QuantizedSpace> _spaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _liveRows = new(StringComparer.Ordinal);
    private readonly CatalogIdTable _latest = new();
    private ulong[] _dead = [];
    private int _live;

    public int Count => _columns.Count;

    /// <summary>Appends <paramref name="items"/> (a later item of the same id replaces an earlier one).</summary>
    public void Append(IReadOnlyList<CatalogItem> items)
    {
        var dead = _dead;
        foreach (var item in items)
        {
            var ordinal = _columns.Append(item);
            for (var e = 0; e < item.Embeddings.Count; e++)
            {
                var embedding = item.Embeddings[e];
                if (!FirstOfItsModel(item.Embeddings, e))
                {
                    continue;
                }

                var space = _spaces.TryGetValue(embedding.ModelId, out var existing)
                    ? existing
                    : _spaces[embedding.ModelId] = new QuantizedSpace(embedding.ModelId, embedding.Dimensions);
                if (space.Dimensions == embedding.Dimensions)
                {
                    space.Append(ordinal, embedding.Vector);
                    _liveRows[space.ModelId] = _liveRows.GetValueOrDefault(space.ModelId) + 1;
                }
            }

            var previous = _latest.Put(ordinal, _columns);
            if (previous >= 0)
            {
                if (ReferenceEquals(dead, _dead) || previous / 64 >= dead.Length)
                {
                    dead = CopyWithRoom(dead, Count); // a published bitmap never changes
                }

                dead[previous / 64] |= 1UL << (previous % 64);
                foreach (var space in _spaces.Values.Where(s => s.RowOf(previous) >= 0))
                {
                    _liveRows[space.ModelId]--;
                }
            }
            else
            {
                _live++;
            }
        }

        _dead = dead;
    }

    public CatalogIndex.State Publish() => new(
        this, _columns.View(), [.. _spaces.Values.Select(s => s.View())], new Dictionary<string, int>(_liveRows, StringComparer.Ordinal),
        _dead, _live, Count - _live, _latest);

    /// <summary>An item's first embedding of a model is the one indexed (no LINQ: this runs for every item of a load).</summary>
    private static bool FirstOfItsModel(IReadOnlyList<Embeddings.Embedding> embeddings, int e)
    {
        for (var before = 0; before < e; before++)
        {
            if (embeddings[before].ModelId == embeddings[e].ModelId)
            {
                return false;
            }
        }

        return true;
    }

    private static ulong[] CopyWithRoom(ulong[] dead, int items)
    {
        var copy = new ulong[Math.Max(dead.Length, ((items + 63) / 64) + 16)];
        dead.CopyTo(copy, 0);
        return copy;
    }
}
