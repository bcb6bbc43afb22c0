using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The vectors of a <see cref="QuantizedSpace"/> for the exact re-rank, row after row as fp16 (<see cref="HalfVectors"/>:
/// the precision the catalog holds its vectors at) in a temporary local file that is deleted when the last reader lets go
/// of it. Only a shortlist per search is read back (positional reads, thread-safe), so the vectors cost page cache the
/// OS can reclaim, not process memory; rows are appended in blocks past every published count.
/// </summary>
public sealed class ExactVectorFile(int dimensions)
{
    private readonly SafeFileHandle _file = File.OpenHandle(
        Path.Combine(Path.GetTempPath(), $"imagesearch-vectors-{Guid.NewGuid():N}.f16"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);

    public int Dimensions { get; } = dimensions;

    /// <summary>Writes consecutive rows from <paramref name="firstRow"/> on (a whole number of rows) in one positional write.</summary>
    public void Write(int firstRow, ReadOnlySpan<Half> rows) => RandomAccess.Write(_file, MemoryMarshal.AsBytes(rows), Offset(firstRow));

    /// <summary>The row's vector, widened to fp32 (exactly: every fp16 value is an fp32 value).</summary>
    public float[] Read(int row)
    {
        Span<Half> half = Dimensions <= 4096 ? stackalloc Half[Dimensions] : new Half[Dimensions];
        var bytes = MemoryMarshal.AsBytes(half);
        for (var read = 0; read < bytes.Length;)
        {
            var n = RandomAccess.Read(_file, bytes[read..], Offset(row) + read);
            read += n > 0 ? n : throw new EndOfStreamException($"Vector row {row} is beyond the end of its file.");
        }

        var vector = new float[Dimensions];
        HalfVectors.Widen(half, vector);
        return vector;
    }

    private long Offset(int row) => (long)row * Dimensions * 2;
}
