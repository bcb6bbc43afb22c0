using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models.Generation;

/// <summary>The named input tensors of one decoder step; disposing releases them.</summary>
internal sealed class DecoderInputs : IDisposable
{
    private readonly Dictionary<string, OrtValue> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, OrtValue> Values => _values;

    public void Add(string name, OrtValue value) => _values.Add(name, value);

    public void AddInt64(string name, IEnumerable<long> values, int rows, int columns) =>
        Add(name, OrtValue.CreateTensorValueFromMemory(values.ToArray(), [rows, columns]));

    public void Dispose()
    {
        foreach (var value in _values.Values)
        {
            value.Dispose();
        }

        _values.Clear();
    }
}
