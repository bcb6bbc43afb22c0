namespace ImageSearch.Core.Ranking;

/// <summary>
/// One model's vectors of a large item set: in memory only as int8 codes with a per-row scale, for the approximate scan
/// (1 byte a dimension); the exact fp32 vectors for the re-rank of a shortlist sit in an <see cref="ExactVectorFile"/>.
/// Append-only with a single writer; <see cref="View"/> captures an immutable reader.
/// </summary>
public sealed class QuantizedSpace(string modelId, int dimensions, int capacity)
{
    private readonly AppendOnlyArray<sbyte> _codes = new(capacity * dimensions);
    private readonly AppendOnlyArray<float> _scales = new(capacity);
    private readonly ExactVectorFile _exact = new(dimensions);
    private readonly AppendOnlyArray<int> _itemOfRow = new(capacity);
    private readonly AppendOnlyArray<int> _rowOfItemPlusOne = new(capacity);

    public string ModelId { get; } = modelId;

    public int Dimensions { get; } = dimensions;

    public int Rows => _scales.Count;

    /// <summary>Appends <paramref name="vector"/> as the row of <paramref name="item"/> (which must be newer than every item appended so far).</summary>
    public void Append(int item, ReadOnlySpan<float> vector)
    {
        var row = Rows;
        _scales.Add(Int8Vectors.Quantize(vector, _codes.AddSpan(Dimensions)));
        _exact.Write(row, vector);
        _itemOfRow.Add(item);
        if (_rowOfItemPlusOne.Count <= item)
        {
            _rowOfItemPlusOne.AddSpan(item + 1 - _rowOfItemPlusOne.Count);
        }

        _rowOfItemPlusOne.Items[item] = row + 1;
    }

    public QuantizedSpaceView View() =>
        new(ModelId, Dimensions, Rows, _codes.Items, _scales.Items, _exact, _itemOfRow.Items, _rowOfItemPlusOne.Items, _rowOfItemPlusOne.Count);
}
