using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Models.Clip;

/// <summary>Shared by both towers: output rows to unit-length embeddings, and sync work to a task.</summary>
internal static class ClipEmbeddings
{
    /// <summary>Runs synchronous work and reports its outcome as a task: failures fault the task, cancellation cancels it.</summary>
    public static Task<IReadOnlyList<Embedding>> AsTask(Func<List<Embedding>> work, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<IReadOnlyList<Embedding>>(work());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<Embedding>>(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<Embedding>>(e);
        }
    }

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
