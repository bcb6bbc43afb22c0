using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Id → newest ordinal of a line of catalog snapshots: open addressing over slots of 4 bytes (ordinal + 1, 0 empty), at
/// most half full, the ids themselves compared in the columns' UTF-8 text (<see cref="ICatalogIds"/>), so no string or
/// node per item. One writer (<see cref="Put"/>, under the builder's lock) and any number of readers: a slot changes
/// only from empty to an ordinal or from an ordinal to a newer one of the same id, and growing fills a new array that
/// readers pick up whole. A reader that meets an ordinal beyond its snapshot cannot compare that id and says
/// <see cref="Lookup.Unknown"/> (the caller scans its own items instead).
/// </summary>
internal sealed class CatalogIdTable
{
    private int[] _slots = new int[64];
    private int _count;

    public enum Lookup
    {
        Absent,
        Found,
        Unknown,
    }

    /// <summary>Records <paramref name="ordinal"/> as the newest of its id; returns the id's previous ordinal or −1.</summary>
    public int Put(int ordinal, ICatalogIds ids)
    {
        var id = ids.IdBytes(ordinal);
        var slots = _slots;
        for (var i = Start(id, slots.Length); ; i = (i + 1) & (slots.Length - 1))
        {
            if (slots[i] == 0)
            {
                slots[i] = ordinal + 1;
                if (++_count * 2 > slots.Length)
                {
                    Grow(ids);
                }

                return -1;
            }

            if (ids.IdBytes(slots[i] - 1).SequenceEqual(id))
            {
                var previous = slots[i] - 1;
                slots[i] = ordinal + 1;
                return previous;
            }
        }
    }

    /// <summary>The newest ordinal of <paramref name="id"/> among the first <see cref="ICatalogIds.Count"/> items of <paramref name="view"/>.</summary>
    public Lookup Find(string id, ICatalogIds view, out int ordinal)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(id.Length));
        try
        {
            var bytes = rented.AsSpan(0, Encoding.UTF8.GetBytes(id, rented));
            var slots = Volatile.Read(ref _slots);
            for (var i = Start(bytes, slots.Length); ; i = (i + 1) & (slots.Length - 1))
            {
                ordinal = Volatile.Read(ref slots[i]) - 1;
                if (ordinal < 0)
                {
                    return Lookup.Absent;
                }

                if (ordinal >= view.Count)
                {
                    return Lookup.Unknown; // appended after the view: perhaps this id's newer row
                }

                if (view.IdBytes(ordinal).SequenceEqual(bytes))
                {
                    return Lookup.Found;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Start(ReadOnlySpan<byte> id, int length) => (int)(XxHash3.HashToUInt64(id) & (ulong)(length - 1));

    private void Grow(ICatalogIds ids)
    {
        var grown = new int[_slots.Length * 2];
        foreach (var slot in _slots)
        {
            if (slot != 0)
            {
                var i = Start(ids.IdBytes(slot - 1), grown.Length);
                while (grown[i] != 0)
                {
                    i = (i + 1) & (grown.Length - 1);
                }

                grown[i] = slot;
            }
        }

        Volatile.Write(ref _slots, grown);
    }
}
