using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Embeddings;

/// <summary>
/// <see cref="IEmbeddingCache"/> on Table Storage (<see cref="StorageOptions.EmbeddingCacheTable"/>): PartitionKey = the
/// model id escaped for a key (<see cref="PartitionKeyOf"/>), RowKey = content hash, the vector as little-endian float32
/// binary (64 KiB property limit: up to 16,384 dimensions), plus the plain model id and the dimension count, both checked on
/// read. The table is created on first write.
/// </summary>
public sealed class TableEmbeddingCache(StorageClients storage, IOptions<StorageOptions> options) : IEmbeddingCache
{
    private const int MaxDimensions = 16_384;

    private readonly TableClient _table = storage.Tables.GetTableClient(options.Value.EmbeddingCacheTable);

    public async Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row;
        try
        {
            row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKeyOf(modelId), RowKeyOf(contentHash), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // the table does not exist yet
        }

        if (!row.HasValue || row.Value is not { } entity
            || entity.GetString("ModelId") != modelId || entity.GetBinary("Vector") is not { } bytes
            || bytes.Length % sizeof(float) != 0 || entity.GetInt32("Dimensions") != bytes.Length / sizeof(float))
        {
            return null;
        }

        // Stored little-endian; every platform .NET runs this app on (x64, arm64) is little-endian.
        return new Embedding(modelId, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    public Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken)
    {
        if (embedding.Dimensions is 0 or > MaxDimensions)
        {
            throw new ArgumentException($"An embedding of {embedding.Dimensions} dimensions cannot be cached.", nameof(embedding));
        }

        var row = new TableEntity(PartitionKeyOf(embedding.ModelId), RowKeyOf(contentHash))
        {
            ["ModelId"] = embedding.ModelId,
            ["Dimensions"] = embedding.Dimensions,
            ["Vector"] = MemoryMarshal.AsBytes(embedding.Vector.AsSpan()).ToArray(),
        };
        return StorageWrites.CreatingOnNotFoundAsync(
            () => _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken),
            () => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>
    /// The model id as a partition key: ASCII letters, digits, '-', '_' and '.' are kept, every other UTF-8 byte becomes
    /// <c>~XX</c> ('~' itself included), so distinct ids never share a partition and '/', '\', '#', '?' never reach a key.
    /// </summary>
    public static string PartitionKeyOf(string modelId)
    {
        var key = new StringBuilder(modelId.Length);
        foreach (var b in Encoding.UTF8.GetBytes(modelId))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                key.Append(c);
            }
            else
            {
                key.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return key.Length is > 0 and <= 512 ? key.ToString() : throw new ArgumentException("The model id is empty or too long for a key.", nameof(modelId));
    }

    private static string RowKeyOf(string contentHash) =>
        contentHash.Length == 64 && contentHash.All(char.IsAsciiHexDigitLower) ? contentHash
            : throw new ArgumentException("A content hash is 64 lowercase hex digits.", nameof(contentHash));
}
