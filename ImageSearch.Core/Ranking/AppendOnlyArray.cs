using System.Runtime.CompilerServices;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// A sequence that only grows, with one writer and any number of readers, stored in chunks of <see cref="ChunkLength"/>
/// elements: a reader captures a <see cref="View"/> (the chunk directory and a count) and those elements never change
/// afterwards. Growing adds a chunk and never copies the elements, so a large column or vector array costs its data plus
/// at most one partly filled chunk and leaves no large garbage behind (only the small directory is copied when it is
/// full). The first chunk starts small and grows by doubling up to full length (copied), so small indexes stay small.
/// </summary>
public sealed class AppendOnlyArray<T>
{
    private const int FirstLength = 256;

    private T[][] _chunks = new T[4][];
    private int _used; // chunks in use
    private int _end; // elements used in the last chunk in use (may be short of Count when a span skipped a chunk's tail)

    /// <param name="chunkLength">Elements per chunk; a span appended at once never straddles two chunks.</param>
    public AppendOnlyArray(int chunkLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkLength, 1);
        ChunkLength = chunkLength;
    }

    public int ChunkLength { get; }

    /// <summary>Elements appended, including any skipped chunk tails (see <see cref="AddSpan"/>).</summary>
    public long Count { get; private set; }

    public AppendOnlyView<T> View() => new(_chunks, Count, ChunkLength);

    public void Add(T value) => AddSpan(1)[0] = value;

    public void AddRange(ReadOnlySpan<T> values) => values.CopyTo(AddSpan(values.Length));

    /// <summary>
    /// Appends <paramref name="length"/> (at most <see cref="ChunkLength"/>) default elements in one chunk and returns them
    /// to be written before they are published. When the last chunk cannot hold them, its tail is skipped (left default,
    /// counted) and they start the next chunk: a value's position is <see cref="Count"/> after the call minus its length.
    /// </summary>
    public Span<T> AddSpan(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ChunkLength);
        if (_used == 0 || _end + length > ChunkLength)
        {
            Count += _used == 0 ? 0 : ChunkLength - _end;
            NextChunk();
        }

        var last = _chunks[_used - 1];
        if (_end + length > last.Length)
        {
            last = GrowFirst(_end + length);
        }

        _end += length;
        Count += length;
        return last.AsSpan(_end - length, length);
    }

    /// <summary>Appends default elements until <see cref="Count"/> is <paramref name="count"/>.</summary>
    public void PadTo(long count)
    {
        while (Count < count)
        {
            var room = _used == 0 || _end == ChunkLength ? ChunkLength : ChunkLength - _end;
            AddSpan((int)Math.Min(count - Count, room));
        }
    }

    /// <summary>Writes an element not yet published (at or past every count a reader captured).</summary>
    public void Set(long index, T value) => _chunks[index / ChunkLength][index % ChunkLength] = value;

    private void NextChunk()
    {
        if (_used == _chunks.Length)
        {
            var grown = new T[_chunks.Length * 2][];
            _chunks.AsSpan(0, _used).CopyTo(grown);
            _chunks = grown;
        }

        Volatile.Write(ref _chunks[_used], NewChunk(_used == 0 ? Math.Min(FirstLength, ChunkLength) : ChunkLength));
        _used++;
        _end = 0;
    }

    /// <summary>
    /// A chunk of primitives goes to the pinned object heap: the collector never moves it, so a compacting full collection
    /// (<c>DecodeMemoryRelief</c> after an upload burst) does not copy the index (~1 GB at a million items) while every
    /// request waits. Chunks holding references stay on the normal heaps.
    /// </summary>
    private static T[] NewChunk(int length) =>
        RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[length] : GC.AllocateArray<T>(length, pinned: true);

    /// <summary>Only the first chunk starts short: it doubles (a copy of at most one chunk) until it is full length.</summary>
    private T[] GrowFirst(int needed)
    {
        var old = _chunks[0];
        var grown = NewChunk(Math.Min(ChunkLength, Math.Max(needed, old.Length * 2)));
        old.AsSpan(0, _end).CopyTo(grown);
        Volatile.Write(ref _chunks[0], grown); // readers of the old one keep valid elements: the same values
        return grown;
    }
}
