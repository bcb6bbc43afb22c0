using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Embeddings;

/// <summary>
/// The embedding cache in Table Storage (PartitionKey = model id made key-safe, RowKey = content hash, the vector as
/// binary), with a small in-process layer in front. Entries are immutable: the same content always has the same vector.
/// </summary>
public sealed class TableEmbeddingCache(StorageClients storage) : IEmbeddingCache
{
    private const int MemoryEntries = 4096;
    private readonly ConcurrentDictionary<(string, string), Embedding> _memory = new();

    public async Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken)
    {
        if (_memory.TryGetValue((modelId, contentHash), out var cached))
        {
            return cached;
        }

        var row = await storage.Embeddings.GetEntityIfExistsAsync<TableEntity>(Partition(modelId), contentHash, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value?.GetBinary("Vector") is not { Length: > 0 } bytes || bytes.Length % sizeof(float) != 0)
        {
            return null;
        }

        var embedding = new Embedding(modelId, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        Remember(contentHash, embedding);
        return embedding;
    }

    public async Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(embedding.ModelId), contentHash)
        {
            ["ModelId"] = embedding.ModelId,
            ["Vector"] = MemoryMarshal.AsBytes(embedding.Vector.AsSpan()).ToArray(),
        };
        await storage.Embeddings.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        Remember(contentHash, embedding);
    }

    private void Remember(string contentHash, Embedding embedding)
    {
        if (_memory.Count >= MemoryEntries)
        {
            _memory.Clear(); // crude but bounded; the table remains the source of truth
        }

        _memory[(embedding.ModelId, contentHash)] = embedding;
    }

    private static string Partition(string modelId) => string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
