using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Models.Clip;

/// <summary>Turns a row-major [batch, 512] model output into unit-length CLIP embeddings.</summary>
internal static class ClipEmbeddings
{
    public static IEnumerable<Embedding> Split(float[] output, int batch)
    {
        for (var row = 0; row < batch; row++)
        {
            var vector = output.AsSpan(row * ClipModel.EmbeddingDimensions, ClipModel.EmbeddingDimensions).ToArray();
            if (!float.IsFinite(vector.Sum()))
            {
                throw new ClipModelException($"The CLIP model returned a non-finite embedding (row {row}); the model file is likely damaged.");
            }

            yield return new Embedding(ClipModel.Id, VectorMath.Normalize(vector));
        }
    }
}
