using System.Numerics.Tensors;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// An immutable in-memory snapshot of the catalog: for each model id, one contiguous row-major matrix of unit vectors,
/// searched by exact cosine (dot product) with System.Numerics.Tensors.
/// </summary>
public sealed class CatalogIndex
{
    private readonly Dictionary<string, Space> _spaces = [];
    private readonly CatalogItem[] _items;

    public CatalogIndex(IReadOnlyList<CatalogItem> items, string version)
    {
        _items = [.. items];
        Version = version;
        var byModel = new Dictionary<string, List<(int Item, float[] Vector)>>(StringComparer.Ordinal);
        for (var i = 0; i < _items.Length; i++)
        {
            foreach (var embedding in _items[i].Embeddings)
            {
                if (!byModel.TryGetValue(embedding.ModelId, out var rows))
                {
                    byModel[embedding.ModelId] = rows = [];
                }

                if (rows.Count == 0 || rows[0].Vector.Length == embedding.Dimensions)
                {
                    rows.Add((i, embedding.Vector));
                }
            }
        }

        foreach (var (modelId, rows) in byModel)
        {
            var dimensions = rows[0].Vector.Length;
            var matrix = new float[rows.Count * dimensions];
            for (var r = 0; r < rows.Count; r++)
            {
                rows[r].Vector.CopyTo(matrix, r * dimensions);
            }

            _spaces[modelId] = new Space(matrix, dimensions, rows.Select(r => r.Item).ToArray());
        }

        ById = _items.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public static CatalogIndex Empty { get; } = new([], "");

    public IReadOnlyList<CatalogItem> Items => _items;

    public IReadOnlyDictionary<string, CatalogItem> ById { get; }

    public string Version { get; }

    public int Count => _items.Length;

    /// <summary>How many items carry an embedding of <paramref name="modelId"/>.</summary>
    public int CountFor(string modelId) => _spaces.TryGetValue(modelId, out var space) ? space.ItemOfRow.Length : 0;

    /// <summary>The <paramref name="k"/> items closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<ScoredItem> Nearest(Embedding query, int k) => Nearest(CompositeQuery.Of(query), k);

    /// <summary>
    /// The <paramref name="k"/> items with the best composite score Σ wᵢ·cos(qᵢ, item). Only items that have an embedding
    /// of the first component's model take part (that component defines the query's space).
    /// </summary>
    public IReadOnlyList<ScoredItem> Nearest(CompositeQuery query, int k)
    {
        if (query.Components.Count == 0 || k <= 0 || Find(query.Components[0].Vector) is not { } primary)
        {
            return [];
        }

        var total = new float[_items.Length];
        foreach (var component in query.Components)
        {
            if (Find(component.Vector) is not { } space)
            {
                continue;
            }

            var scores = space.Score(component.Vector.Vector);
            for (var r = 0; r < scores.Length; r++)
            {
                total[space.ItemOfRow[r]] += component.Weight * scores[r];
            }
        }

        var candidates = new float[primary.ItemOfRow.Length];
        for (var r = 0; r < candidates.Length; r++)
        {
            candidates[r] = total[primary.ItemOfRow[r]];
        }

        return TopK(candidates, k).Select(r => new ScoredItem(_items[primary.ItemOfRow[r]], candidates[r])).ToList();
    }

    /// <summary>Indices of the k largest scores, best first (partial selection with a small heap).</summary>
    internal static int[] TopK(float[] scores, int k)
    {
        k = Math.Min(k, scores.Length);
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            heap.Enqueue(i, scores[i]);
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var result = new int[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = heap.Dequeue();
        }

        return result;
    }

    private Space? Find(Embedding vector) =>
        _spaces.TryGetValue(vector.ModelId, out var space) && space.Dimensions == vector.Dimensions ? space : null;

    /// <summary>One model's vectors; <see cref="ItemOfRow"/> maps a matrix row to its item.</summary>
    private sealed record Space(float[] Matrix, int Dimensions, int[] ItemOfRow)
    {
        public float[] Score(float[] query)
        {
            var scores = new float[ItemOfRow.Length];
            var span = Matrix.AsSpan();
            for (var r = 0; r < scores.Length; r++)
            {
                scores[r] = TensorPrimitives.Dot(span.Slice(r * Dimensions, Dimensions), query);
            }

            return scores;
        }
    }
}
