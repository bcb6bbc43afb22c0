using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// Symmetric int8 quantization of a vector (one scale per vector: <c>x ≈ scale · code</c>, codes in −127..127) and the
/// int8 dot product with 32-bit accumulation (AVX2 <c>vpmaddwd</c> where the CPU has it). Used to pre-select a shortlist
/// over large catalogs; the final scores always come from <see cref="EmbeddingIndex"/>.
/// </summary>
public static class Int8Vectors
{
    /// <summary>Writes the codes of <paramref name="vector"/> into <paramref name="codes"/> and returns its scale (0 for a zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxAbs = vector.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(vector);
        maxAbs = MathF.Abs(maxAbs);
        if (maxAbs == 0 || !float.IsFinite(maxAbs))
        {
            codes.Clear();
            return 0;
        }

        // round(x · 127 / max|x|), vectorised: the same float operations, in the same order, as one element at a time.
        var rented = vector.Length > 1024 ? ArrayPool<float>.Shared.Rent(vector.Length) : null;
        var scaled = rented is null ? stackalloc float[vector.Length] : rented.AsSpan(0, vector.Length);
        TensorPrimitives.Multiply(vector, 127f / maxAbs, scaled);
        TensorPrimitives.Round(scaled, scaled);
        TensorPrimitives.Clamp(scaled, -127f, 127f, scaled);
        TensorPrimitives.ConvertTruncating<float, sbyte>(scaled, codes);
        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        return maxAbs / 127f;
    }

    /// <summary>Σ aᵢ·bᵢ of two code vectors of equal length (exact: at most 127²·length, which fits an int for any embedding size).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var length = Math.Min(a.Length, b.Length);
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && length >= 32)
        {
            var accumulator = Vector256<int>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref left, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref right, (nuint)i));
                accumulator += Avx2.MultiplyAddAdjacent(aLow, bLow) + Avx2.MultiplyAddAdjacent(aHigh, bHigh);
            }

            sum = Vector256.Sum(accumulator);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 16)
        {
            var accumulator = Vector128<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref left, (nuint)i));
                var (bLow, bHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref right, (nuint)i));
                var (p0, p1) = Vector128.Widen(aLow * bLow); // |127·127| fits a short
                var (p2, p3) = Vector128.Widen(aHigh * bHigh);
                accumulator += p0 + p1 + p2 + p3;
            }

            sum = Vector128.Sum(accumulator);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
        }

        return sum;
    }
}
