namespace ImageSearch.Core.Ranking;

/// <summary>
/// An immutable reader of a <see cref="QuantizedSpace"/>: its first <see cref="Rows"/> rows. The scan splits the rows
/// over the cores for large sets; each row is scored by an int8 dot product against the quantized query.
/// </summary>
public sealed class QuantizedSpaceView(
    string modelId, int dimensions, int rows, sbyte[] codes, float[] scales, ExactVectorFile exact, int[] itemOfRow, int[] rowOfItemPlusOne, int rowOfItemCount)
{
    /// <summary>Rows per unit of parallel work; below two of them the scan stays on the calling thread.</summary>
    public const int ChunkRows = 16_384;

    public string ModelId { get; } = modelId;

    public int Dimensions { get; } = dimensions;

    public int Rows { get; } = rows;

    public int ItemOfRow(int row) => itemOfRow[row];

    /// <summary>The row of <paramref name="item"/>, or −1 when the item has no vector in this space.</summary>
    public int RowOf(int item) => item < rowOfItemCount ? rowOfItemPlusOne[item] - 1 : -1;

    /// <summary>The exact vector of <paramref name="row"/>, as imported.</summary>
    public float[] Vector(int row) => exact.Read(row);

    /// <summary>Adds <paramref name="weight"/> × the approximate cosine of each row with <paramref name="query"/> to <c>total[item of row]</c>.</summary>
    public void AddApproximateScores(ReadOnlySpan<float> query, float weight, float[] total)
    {
        var queryCodes = new sbyte[Dimensions];
        var factor = weight * Int8Vectors.Quantize(query, queryCodes);
        ForEachChunk(Rows, (start, end) =>
        {
            var all = codes.AsSpan();
            for (var row = start; row < end; row++)
            {
                // Each item has at most one row here, so chunks write disjoint slots of total.
                total[itemOfRow[row]] += factor * scales[row] * Int8Vectors.Dot(all.Slice(row * Dimensions, Dimensions), queryCodes);
            }
        });
    }

    /// <summary>
    /// The <paramref name="count"/> items of this space with the highest <c>total[item]</c> among those <paramref name="include"/>
    /// accepts, best first.
    /// </summary>
    public int[] Shortlist(float[] total, int count, Func<int, bool> include)
    {
        var chunks = (Rows + ChunkRows - 1) / ChunkRows;
        var partial = new TopK[Math.Max(1, chunks)];
        ForEachChunk(Rows, (start, end) =>
        {
            var best = partial[start / ChunkRows] = new TopK(count);
            for (var row = start; row < end; row++)
            {
                var item = itemOfRow[row];
                if (include(item))
                {
                    best.Offer(total[item], item);
                }
            }
        });

        var merged = new TopK(count);
        foreach (var best in partial.Where(p => p is not null))
        {
            merged.Merge(best);
        }

        return merged.ItemsBestFirst();
    }

    private static void ForEachChunk(int rows, Action<int, int> body)
    {
        if (rows < 2 * ChunkRows)
        {
            body(0, rows);
            return;
        }

        var chunks = (rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            chunk => body(chunk * ChunkRows, Math.Min(rows, (chunk + 1) * ChunkRows)));
    }
}
