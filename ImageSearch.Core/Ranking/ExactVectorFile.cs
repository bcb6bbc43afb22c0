using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The exact fp32 vectors of a <see cref="QuantizedSpace"/>, row after row in a temporary local file that is deleted when
/// the last reader lets go of it. Only a shortlist per search is read back (positional reads, thread-safe), so the exact
/// vectors cost page cache the OS can reclaim, not process memory; rows are appended past every published count.
/// </summary>
public sealed class ExactVectorFile(int dimensions)
{
    private readonly SafeFileHandle _file = File.OpenHandle(
        Path.Combine(Path.GetTempPath(), $"imagesearch-vectors-{Guid.NewGuid():N}.f32"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);

    public int Dimensions { get; } = dimensions;

    public void Write(int row, ReadOnlySpan<float> vector) =>
        RandomAccess.Write(_file, MemoryMarshal.AsBytes(vector[..Dimensions]), Offset(row));

    public float[] Read(int row)
    {
        var vector = new float[Dimensions];
        var bytes = MemoryMarshal.AsBytes(vector.AsSpan());
        for (var read = 0; read < bytes.Length;)
        {
            var n = RandomAccess.Read(_file, bytes[read..], Offset(row) + read);
            read += n > 0 ? n : throw new EndOfStreamException($"Vector row {row} is beyond the end of its file.");
        }

        return vector;
    }

    private long Offset(int row) => (long)row * Dimensions * sizeof(float);
}
