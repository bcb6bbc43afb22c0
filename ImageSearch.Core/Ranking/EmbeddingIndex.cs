using System.Numerics.Tensors;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The one implementation of the ranking formula (docs/ranking.md): an immutable set of items' embeddings, for each model
/// one contiguous row-major matrix of unit vectors, scored against a <see cref="CompositeQuery"/> by exact cosine
/// (dot products with System.Numerics.Tensors). The catalog ranks its items with it, and a search ranks its merged
/// candidates (catalog and web) with it, so both are scored by the same code. A vector engine could stand in for it.
/// </summary>
public sealed class EmbeddingIndex
{
    private readonly Dictionary<string, Space> _spaces = new(StringComparer.Ordinal);

    /// <param name="items">Each item's embeddings; an item's first embedding of a model is the one used.</param>
    public EmbeddingIndex(IReadOnlyList<IReadOnlyList<Embedding>> items)
    {
        Count = items.Count;
        var byModel = new Dictionary<string, List<(int Item, float[] Vector)>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var embedding in items[i].DistinctBy(e => e.ModelId))
            {
                var rows = byModel.TryGetValue(embedding.ModelId, out var existing) ? existing : byModel[embedding.ModelId] = [];
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

            _spaces[modelId] = new Space(matrix, dimensions, [.. rows.Select(r => r.Item)]);
        }
    }

    public int Count { get; }

    /// <summary>How many items carry an embedding of <paramref name="modelId"/>.</summary>
    public int CountFor(string modelId) => _spaces.TryGetValue(modelId, out var space) ? space.ItemOfRow.Length : 0;

    /// <summary>
    /// The <paramref name="k"/> best items for <paramref name="query"/>, best first (equal scores: lower item index first),
    /// at or above <paramref name="minScore"/> when given. Score = Σ wᵢ·cos(qᵢ, the item's embedding of qᵢ's model) / Σ of
    /// the positive weights; a component whose model the item lacks adds 0. Only items with an embedding of the first
    /// component's model take part (that component defines the query's space). With <paramref name="include"/>, only the
    /// items it accepts take part (a filter applied inside the scan, before the top-k cut).
    /// </summary>
    public IReadOnlyList<(int Item, float Score)> Top(CompositeQuery query, int k, float? minScore = null, Func<int, bool>? include = null)
    {
        if (query.Components.Count == 0 || k <= 0 || Find(query.Components[0].Vector) is not { } primary)
        {
            return [];
        }

        var total = new float[Count];
        foreach (var component in query.Components)
        {
            if (Find(component.Vector) is { } space)
            {
                space.AddScores(component.Vector.Vector, component.Weight, total);
            }
        }

        var best = new PriorityQueue<int, (float Score, int Item)>(k + 1, WorstFirst.Instance);
        foreach (var item in primary.ItemOfRow)
        {
            if (include is not null && !include(item))
            {
                continue;
            }

            var score = total[item] / query.PositiveWeight;
            if (minScore is null || score >= minScore)
            {
                best.Enqueue(item, (score, item));
                if (best.Count > k)
                {
                    best.Dequeue();
                }
            }
        }

        var result = new (int Item, float Score)[best.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var item, out var priority);
            result[i] = (item, priority.Score);
        }

        return result;
    }

    private Space? Find(Embedding vector) =>
        _spaces.TryGetValue(vector.ModelId, out var space) && space.Dimensions == vector.Dimensions ? space : null;

    /// <summary>One model's vectors; <see cref="ItemOfRow"/> maps a matrix row to its item.</summary>
    private sealed record Space(float[] Matrix, int Dimensions, int[] ItemOfRow)
    {
        public void AddScores(float[] query, float weight, float[] total)
        {
            var span = Matrix.AsSpan();
            for (var r = 0; r < ItemOfRow.Length; r++)
            {
                total[ItemOfRow[r]] += weight * TensorPrimitives.Dot(span.Slice(r * Dimensions, Dimensions), query);
            }
        }
    }

    /// <summary>Orders the heap so the worst kept item leaves first: lower score, or on equal scores the later item.</summary>
    private sealed class WorstFirst : IComparer<(float Score, int Item)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, int Item) x, (float Score, int Item) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Item.CompareTo(x.Item);
    }
}
