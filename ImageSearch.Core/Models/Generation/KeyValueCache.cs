using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// The present key/value tensors of the last decoder step, copied out of ONNX Runtime, for <see cref="Rows"/> sequences
/// of <see cref="Length"/> tokens. Beam search reorders it by parent row before the next step.
/// </summary>
internal sealed class KeyValueCache
{
    private readonly IReadOnlyList<CacheSlot> _slots;
    private readonly float[][] _data;

    private KeyValueCache(IReadOnlyList<CacheSlot> slots, float[][] data, int rows, int length)
    {
        _slots = slots;
        _data = data;
        Rows = rows;
        Length = length;
    }

    public int Rows { get; }

    /// <summary>Tokens cached per row.</summary>
    public int Length { get; }

    /// <summary>An empty cache (length 0), what merged decoders take on their first step.</summary>
    public static KeyValueCache Empty(IReadOnlyList<CacheSlot> slots, int rows) =>
        new(slots, [.. slots.Select(_ => Array.Empty<float>())], rows, 0);

    /// <summary>Copies the present outputs; checks each is [rows, heads, length, head size].</summary>
    public static KeyValueCache Read(IReadOnlyList<CacheSlot> slots, IReadOnlyList<OrtValue> presents, int rows, int length)
    {
        var data = new float[slots.Count][];
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var shape = presents[i].GetTensorTypeAndShape().Shape;
            if (shape is not [var r, var h, var l, var d] || r != rows || h != slot.Heads || l != length || d != slot.HeadSize)
            {
                throw new InvalidDataException(
                    $"'{slot.Output}' has shape [{string.Join(", ", shape)}]; expected [{rows}, {slot.Heads}, {length}, {slot.HeadSize}] "
                    + "(the cache must grow by the tokens fed).");
            }

            data[i] = presents[i].GetTensorDataAsSpan<float>().ToArray();
        }

        return new KeyValueCache(slots, data, rows, length);
    }

    /// <summary>The cache for the next step's rows: row i is a copy of row <c>parents[i]</c>.</summary>
    public KeyValueCache Reorder(IReadOnlyList<int> parents)
    {
        if (parents.Count == Rows && parents.Select((p, i) => p == i).All(same => same))
        {
            return this;
        }

        var data = new float[_slots.Count][];
        for (var s = 0; s < _slots.Count; s++)
        {
            var rowSize = _slots[s].Heads * Length * _slots[s].HeadSize;
            data[s] = new float[parents.Count * rowSize];
            for (var row = 0; row < parents.Count; row++)
            {
                Array.Copy(_data[s], parents[row] * rowSize, data[s], row * rowSize, rowSize);
            }
        }

        return new KeyValueCache(_slots, data, parents.Count, Length);
    }

    /// <summary>Input tensors for the next step (they wrap this cache's arrays; dispose them after the run).</summary>
    public IEnumerable<(string Name, OrtValue Value)> ToInputs() =>
        _slots.Select((slot, i) => (slot.Input, OrtValue.CreateTensorValueFromMemory(
            _data[i], [Rows, slot.Heads, Length, slot.HeadSize])));
}
