namespace ImageSearch.Core.Ranking;

/// <summary>
/// The best <c>capacity</c> (score, item) pairs seen, in a binary min-heap over two preallocated arrays: offering an item
/// allocates nothing. Equal scores: the lower item wins (the order <see cref="EmbeddingIndex.Top"/> uses).
/// </summary>
public sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _items;

    public TopK(int capacity)
    {
        _scores = new float[Math.Max(1, capacity)];
        _items = new int[Math.Max(1, capacity)];
    }

    public int Count { get; private set; }

    public int Capacity => _scores.Length;

    /// <summary>Keeps (score, item) when it is among the best so far.</summary>
    public void Offer(float score, int item)
    {
        if (Count < _scores.Length)
        {
            _scores[Count] = score;
            _items[Count] = item;
            SiftUp(Count++);
        }
        else if (Worse(_scores[0], _items[0], score, item))
        {
            _scores[0] = score;
            _items[0] = item;
            SiftDown(0);
        }
    }

    /// <summary>Offers every pair of <paramref name="other"/>.</summary>
    public void Merge(TopK other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._scores[i], other._items[i]);
        }
    }

    /// <summary>The kept items, best first.</summary>
    public int[] ItemsBestFirst()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        Array.Sort(order, (x, y) => Worse(_scores[x], _items[x], _scores[y], _items[y]) ? 1 : Worse(_scores[y], _items[y], _scores[x], _items[x]) ? -1 : 0);
        return [.. order.Select(i => _items[i])];
    }

    /// <summary>Whether (s1, i1) ranks below (s2, i2).</summary>
    private static bool Worse(float s1, int i1, float s2, int i2) => s1 < s2 || (s1 == s2 && i1 > i2);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Worse(_scores[i], _items[i], _scores[parent], _items[parent]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            var worst = i;
            if (left < Count && Worse(_scores[left], _items[left], _scores[worst], _items[worst]))
            {
                worst = left;
            }

            if (left + 1 < Count && Worse(_scores[left + 1], _items[left + 1], _scores[worst], _items[worst]))
            {
                worst = left + 1;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_items[a], _items[b]) = (_items[b], _items[a]);
    }
}
