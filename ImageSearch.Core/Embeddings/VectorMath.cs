using System.Numerics.Tensors;

namespace ImageSearch.Core.Embeddings;

public static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> in place to unit length; a zero vector stays zero.</summary>
    public static float[] Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <summary>Cosine of two unit vectors (their dot product).</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);
}
