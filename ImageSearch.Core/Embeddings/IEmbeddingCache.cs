namespace ImageSearch.Core.Embeddings;

/// <summary>Embeddings by (model id, image content hash), shared by all sessions and instances: an image is embedded once per model.</summary>
public interface IEmbeddingCache
{
    Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken);

    Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken);
}
