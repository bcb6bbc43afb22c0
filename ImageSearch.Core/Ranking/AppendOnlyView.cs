namespace ImageSearch.Core.Ranking;

/// <summary>An immutable reader of an <see cref="AppendOnlyArray{T}"/>: its first <see cref="Count"/> elements, chunk by chunk.</summary>
public readonly struct AppendOnlyView<T>(T[][] chunks, long count, int chunkLength)
{
    public long Count { get; } = count;

    public int ChunkLength { get; } = chunkLength;

    public T this[long index] => chunks[index / ChunkLength][index % ChunkLength];

    /// <summary>The elements of chunk <paramref name="chunk"/> below <see cref="Count"/>.</summary>
    public ReadOnlySpan<T> Chunk(int chunk) =>
        chunks[chunk].AsSpan(0, (int)Math.Min(chunks[chunk].Length, Count - ((long)chunk * ChunkLength)));

    /// <summary>The elements of the chunk of <paramref name="index"/> from it on (to the chunk's end: read only what was published).</summary>
    public ReadOnlySpan<T> From(long index) => chunks[index / ChunkLength].AsSpan((int)(index % ChunkLength));

    /// <summary><paramref name="length"/> elements from <paramref name="index"/>, which an append placed in one chunk.</summary>
    public ReadOnlySpan<T> Slice(long index, int length) => chunks[index / ChunkLength].AsSpan((int)(index % ChunkLength), length);
}
