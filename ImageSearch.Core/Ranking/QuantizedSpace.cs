namespace ImageSearch.Core.Ranking;

/// <summary>
/// One model's vectors of a large item set: in memory only as int8 codes with a per-row scale, for the approximate scan
/// (1 byte a dimension, in chunks of <see cref="QuantizedSpaceView.ChunkRows"/> rows: growing never copies them); the
/// vectors for the exact re-rank of a shortlist sit in an <see cref="ExactVectorFile"/> as fp16. Every vector is rounded
/// to fp16 first (<see cref="HalfVectors"/>) and the codes are computed from the rounded values, so the codes and the
/// re-rank see the same vector whichever way it arrived. Append-only with a single writer; <see cref="View"/> captures
/// an immutable reader.
/// </summary>
public sealed class QuantizedSpace(string modelId, int dimensions)
{
    /// <summary>Rows sent to the local file in one write.</summary>
    public const int WriteRows = 4096;

    /// <summary>Items per chunk of the item → row map.</summary>
    private const int ItemChunk = 65_536;

    private readonly AppendOnlyArray<sbyte> _codes = new(QuantizedSpaceView.ChunkRows * dimensions);
    private readonly AppendOnlyArray<float> _scales = new(QuantizedSpaceView.ChunkRows);
    private readonly AppendOnlyArray<int> _itemOfRow = new(QuantizedSpaceView.ChunkRows);
    private readonly AppendOnlyArray<int> _rowOfItemPlusOne = new(ItemChunk);
    private readonly ExactVectorFile _exact = new(dimensions);
    private readonly float[] _rounded = new float[dimensions];
    private Half[] _pending = [];
    private int _pendingRows;

    public string ModelId { get; } = modelId;

    public int Dimensions { get; } = dimensions;

    public int Rows => (int)_scales.Count;

    /// <summary>Appends <paramref name="vector"/> as the row of <paramref name="item"/> (which must be newer than every item appended so far).</summary>
    public void Append(int item, ReadOnlySpan<float> vector)
    {
        var row = Rows;
        var half = PendingRow();
        HalfVectors.Round(vector[..Dimensions], half);
        HalfVectors.Widen(half, _rounded);
        _scales.Add(Int8Vectors.Quantize(_rounded, _codes.AddSpan(Dimensions)));
        _itemOfRow.Add(item);
        _rowOfItemPlusOne.PadTo(item + 1);
        _rowOfItemPlusOne.Set(item, row + 1);
        if (++_pendingRows == WriteRows)
        {
            Flush();
        }
    }

    /// <summary>The row of <paramref name="item"/>, or −1 when it has none here.</summary>
    public int RowOf(int item) => item < _rowOfItemPlusOne.Count ? _rowOfItemPlusOne.View()[item] - 1 : -1;

    public QuantizedSpaceView View()
    {
        Flush();
        return new(ModelId, Dimensions, Rows, _codes.View(), _scales.View(), _exact, _itemOfRow.View(), _rowOfItemPlusOne.View());
    }

    private Span<Half> PendingRow()
    {
        var needed = (_pendingRows + 1) * Dimensions;
        if (_pending.Length < needed)
        {
            var grown = new Half[Math.Min(WriteRows, Math.Max(16, 2 * (_pendingRows + 1))) * Dimensions];
            _pending.AsSpan(0, _pendingRows * Dimensions).CopyTo(grown);
            _pending = grown;
        }

        return _pending.AsSpan(needed - Dimensions, Dimensions);
    }

    /// <summary>Writes the rows appended since the last flush to the local file (before a view can read them).</summary>
    private void Flush()
    {
        if (_pendingRows > 0)
        {
            _exact.Write(Rows - _pendingRows, _pending.AsSpan(0, _pendingRows * Dimensions));
            _pendingRows = 0;
        }
    }
}
