namespace ImageSearch.Core.Ranking;

/// <summary>
/// An immutable reader of a <see cref="QuantizedSpace"/>: its first <see cref="Rows"/> rows. The scan splits the rows
/// over the cores by storage chunk for large sets; each row is scored by an int8 dot product against the quantized query.
/// </summary>
public sealed class QuantizedSpaceView(
    string modelId, int dimensions, int rows, AppendOnlyView<sbyte> codes, AppendOnlyView<float> scales, ExactVectorFile exact,
    AppendOnlyView<int> itemOfRow, AppendOnlyView<int> rowOfItemPlusOne)
{
    /// <summary>Rows per storage chunk and unit of parallel work; below two of them the scan stays on the calling thread.</summary>
    public const int ChunkRows = 16_384;

    public string ModelId { get; } = modelId;

    public int Dimensions { get; } = dimensions;

    public int Rows { get; } = rows;

    public int ItemOfRow(int row) => itemOfRow[row];

    /// <summary>The row of <paramref name="item"/>, or −1 when the item has no vector in this space.</summary>
    public int RowOf(int item) => item < rowOfItemPlusOne.Count ? rowOfItemPlusOne[item] - 1 : -1;

    /// <summary>The row's vector as the index holds it (fp16, widened to fp32).</summary>
    public float[] Vector(int row) => exact.Read(row);

    /// <summary>Adds <paramref name="weight"/> × the approximate cosine of each row with <paramref name="query"/> to <c>total[item of row]</c>.</summary>
    public void AddApproximateScores(ReadOnlySpan<float> query, float weight, float[] total)
    {
        var queryCodes = new sbyte[Dimensions];
        var factor = weight * Int8Vectors.Quantize(query, queryCodes);
        ForEachChunk(chunk =>
        {
            var all = codes.Chunk(chunk);
            var chunkScales = scales.Chunk(chunk);
            var items = itemOfRow.Chunk(chunk);
            for (var row = 0; row < items.Length; row++)
            {
                // Each item has at most one row here, so chunks write disjoint slots of total.
                total[items[row]] += factor * chunkScales[row] * Int8Vectors.Dot(all.Slice(row * Dimensions, Dimensions), queryCodes);
            }
        });
    }

    /// <summary>
    /// The <paramref name="count"/> items of this space with the highest <c>total[item]</c> among those <paramref name="include"/>
    /// accepts, best first.
    /// </summary>
    public int[] Shortlist(float[] total, int count, Func<int, bool> include)
    {
        var partial = new TopK[Math.Max(1, Chunks)];
        ForEachChunk(chunk =>
        {
            var best = partial[chunk] = new TopK(count);
            foreach (var item in itemOfRow.Chunk(chunk))
            {
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

    private int Chunks => (Rows + ChunkRows - 1) / ChunkRows;

    private void ForEachChunk(Action<int> body)
    {
        if (Chunks < 2)
        {
            for (var chunk = 0; chunk < Chunks; chunk++)
            {
                body(chunk);
            }

            return;
        }

        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
    }
}
