namespace ImageSearch.Core.Embeddings;

/// <summary>A unit-length vector produced by one model; the model id travels with it so vectors of different models are never compared.</summary>
public sealed record Embedding(string ModelId, float[] Vector)
{
    public int Dimensions => Vector.Length;
}
