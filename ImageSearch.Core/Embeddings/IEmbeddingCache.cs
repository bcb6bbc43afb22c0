namespace ImageSearch.Core.Embeddings;

/// <summary>Image embeddings by (model id, content hash of the clean JPEG), so an image is embedded once per model.</summary>
public interface IEmbeddingCache
{
    Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="embedding"/> under its own <see cref="Embedding.ModelId"/>.</summary>
    Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken);
}
