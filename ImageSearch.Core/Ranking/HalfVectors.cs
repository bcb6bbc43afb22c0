using System.Numerics.Tensors;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// The precision the catalog holds its vectors at: fp16 (<see cref="Half"/>, IEEE round to nearest even), half the bytes
/// of the fp32 vectors the models produce, for the local re-rank file and the blob snapshot. Every path into the index
/// goes through <see cref="Round"/> (a row read from the table, a snapshot record, an import), so an index loaded from
/// rows and one loaded from a snapshot hold the same values bit for bit; rounding an fp16 value again changes nothing.
/// A unit vector's components lose at most 2⁻¹¹ of their value: cosine scores move by about 1e-4.
/// </summary>
public static class HalfVectors
{
    /// <summary>Writes <paramref name="vector"/> rounded to fp16 into <paramref name="half"/>.</summary>
    public static void Round(ReadOnlySpan<float> vector, Span<Half> half) => TensorPrimitives.ConvertToHalf(vector, half);

    /// <summary>Widens fp16 values to fp32 (exact).</summary>
    public static void Widen(ReadOnlySpan<Half> half, Span<float> vector) => TensorPrimitives.ConvertToSingle(half, vector);

    /// <summary>The fp32 values of <paramref name="vector"/> rounded to fp16: what the index holds for it.</summary>
    public static float[] Rounded(ReadOnlySpan<float> vector)
    {
        var half = vector.Length <= 4096 ? stackalloc Half[vector.Length] : new Half[vector.Length];
        Round(vector, half);
        var rounded = new float[vector.Length];
        Widen(half, rounded);
        return rounded;
    }
}
