using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// The exact fp32 top-k of queries over the cached text vectors (item order, 384 floats each): every vector scored against
/// every query, streamed from the file in blocks (the page cache holds it, not this process), both cores.
/// </summary>
internal static class ExactReference
{
    private const int BlockItems = 16_384;

    /// <summary>Per query, the item numbers of its <paramref name="k"/> highest dot products (vectors are unit length: cosine).</summary>
    public static int[][] Top(string file, int dimensions, IReadOnlyList<float[]> queries, int k)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read);
        var count = (int)(RandomAccess.GetLength(handle) / (dimensions * sizeof(float)));
        var heaps = queries.Select(_ => new PriorityQueue<int, float>(k + 1)).ToArray();
        var block = new float[BlockItems * dimensions];
        for (var start = 0; start < count; start += BlockItems)
        {
            var items = Math.Min(BlockItems, count - start);
            Read(handle, block.AsSpan(0, items * dimensions), (long)start * dimensions * sizeof(float));
            Parallel.For(0, queries.Count, q =>
            {
                var heap = heaps[q];
                for (var i = 0; i < items; i++)
                {
                    var score = TensorPrimitives.Dot(block.AsSpan(i * dimensions, dimensions), queries[q]);
                    if (heap.Count < k)
                    {
                        heap.Enqueue(start + i, score);
                    }
                    else if (heap.TryPeek(out _, out var lowest) && score > lowest)
                    {
                        heap.EnqueueDequeue(start + i, score);
                    }
                }
            });
        }

        return [.. heaps.Select(h => h.UnorderedItems.Select(x => x.Element).ToArray())];
    }

    private static void Read(SafeFileHandle handle, Span<float> target, long offset)
    {
        var bytes = MemoryMarshal.AsBytes(target);
        while (bytes.Length > 0)
        {
            var read = RandomAccess.Read(handle, bytes, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("The cached text vectors end early.");
            }

            bytes = bytes[read..];
            offset += read;
        }
    }
}
