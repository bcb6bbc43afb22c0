using System.Numerics.Tensors;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// An immutable in-memory snapshot of the catalog: for each model id, one contiguous row-major matrix of unit vectors,
/// searched by exact cosine (dot product) with System.Numerics.Tensors.
/// </summary>
public sealed class CatalogIndex
{
    private readonly Dictionary<string, (float[] Matrix, int Dimensions, CatalogItem[] Items)> _spaces = [];

    public CatalogIndex(IReadOnlyList<CatalogItem> items, string version)
    {
        Items = items;
        Version = version;
        foreach (var group in items.SelectMany(i => i.Embeddings.Select(e => (Item: i, Embedding: e))).GroupBy(x => x.Embedding.ModelId))
        {
            var rows = group.Where(x => x.Embedding.Dimensions == group.First().Embedding.Dimensions).ToArray();
            var dimensions = rows[0].Embedding.Dimensions;
            var matrix = new float[rows.Length * dimensions];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r].Embedding.Vector.CopyTo(matrix, r * dimensions);
            }

            _spaces[group.Key] = (matrix, dimensions, rows.Select(x => x.Item).ToArray());
        }

        ById = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public static CatalogIndex Empty { get; } = new([], "");

    public IReadOnlyList<CatalogItem> Items { get; }

    public IReadOnlyDictionary<string, CatalogItem> ById { get; }

    public string Version { get; }

    public int Count => Items.Count;

    /// <summary>How many items carry an embedding of <paramref name="modelId"/>.</summary>
    public int CountFor(string modelId) => _spaces.TryGetValue(modelId, out var space) ? space.Items.Length : 0;

    /// <summary>The <paramref name="k"/> items closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<ScoredItem> Nearest(Embedding query, int k)
    {
        if (!_spaces.TryGetValue(query.ModelId, out var space) || space.Dimensions != query.Dimensions || k <= 0)
        {
            return [];
        }

        var scores = Score(query.Vector, space.Matrix, space.Dimensions);
        return TopK(scores, k).Select(i => new ScoredItem(space.Items[i], scores[i])).ToList();
    }

    /// <summary>Scores of all items of a model space against a vector; used to compose several queries.</summary>
    public float[] Score(Embedding query) =>
        _spaces.TryGetValue(query.ModelId, out var space) && space.Dimensions == query.Dimensions
            ? Score(query.Vector, space.Matrix, space.Dimensions)
            : [];

    public IReadOnlyList<CatalogItem> ItemsOf(string modelId) => _spaces.TryGetValue(modelId, out var space) ? space.Items : [];

    private static float[] Score(float[] query, float[] matrix, int dimensions)
    {
        var count = matrix.Length / dimensions;
        var scores = new float[count];
        var span = matrix.AsSpan();
        for (var r = 0; r < count; r++)
        {
            scores[r] = TensorPrimitives.Dot(span.Slice(r * dimensions, dimensions), query);
        }

        return scores;
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
}
