namespace ImageSearch.Core.Ranking;

/// <summary>
/// An array that only grows, with one writer and any number of readers: a reader captures <see cref="Items"/> and a
/// count, and those elements never change afterwards (appends write past every published count; growing copies into a
/// new array and leaves the old one to the readers still holding it).
/// </summary>
public sealed class AppendOnlyArray<T>(int capacity)
{
    public T[] Items { get; private set; } = new T[Math.Max(0, capacity)];

    public int Count { get; private set; }

    public void Add(T value)
    {
        Reserve(1);
        Items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        Reserve(values.Length);
        values.CopyTo(Items.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>Appends <paramref name="length"/> default elements and returns them to be written (before they are published).</summary>
    public Span<T> AddSpan(int length)
    {
        Reserve(length);
        Count += length;
        return Items.AsSpan(Count - length, length);
    }

    private void Reserve(int more)
    {
        if (Count + more <= Items.Length)
        {
            return;
        }

        // Grow by a quarter: the large vector arrays would waste up to half their size with doubling.
        var grown = new T[Math.Max(Count + more, Math.Max(16, Items.Length + (Items.Length / 4)))];
        Items.AsSpan(0, Count).CopyTo(grown);
        Items = grown;
    }
}
