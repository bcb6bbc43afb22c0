using Azure.Data.Tables;

namespace ImageSearch.Core.Catalog;

/// <summary>Stores many items at once: their images, then their rows in entity group transactions, then one version bump.</summary>
public sealed partial class CatalogStore
{
    /// <summary>Table Storage's limit of operations in one entity group transaction.</summary>
    public const int MaxOperationsPerTransaction = 100;

    /// <summary>Rows per transaction: each row goes with its change entry (<see cref="CatalogChangeEntries"/>).</summary>
    public const int MaxRowsPerTransaction = MaxOperationsPerTransaction / 2;

    private const int ParallelBlobWrites = 4;

    /// <summary>
    /// Stores every item's JPEG, then its row with its change entry, then bumps the version once; returns the writes in
    /// input order. The ids must be distinct. Images first, rows second: a row never points at a missing image, and a
    /// failure leaves at most images without rows (invisible, overwritten by a retry: ids come from the content).
    /// </summary>
    public async Task<IReadOnlyList<CatalogWrite>> SaveAllAsync(IReadOnlyList<(CatalogItem Item, byte[] Jpeg)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = ParallelBlobWrites, CancellationToken = cancellationToken },
            async (item, ct) => await images.SaveAsync(item.Item.Id, item.Jpeg, ct));

        var writes = new Dictionary<string, CatalogWrite>(StringComparer.Ordinal);
        // A transaction holds rows of one partition only: group by the partition the mapper gives each row.
        var entities = items.Select(i => CatalogEntityMapper.ToEntity(i.Item));
        foreach (var chunk in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(MaxRowsPerTransaction)))
        {
            var written = await WriteRowsAsync(chunk, cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                writes[chunk[i].RowKey] = written[i];
            }
        }

        if (items.Count > 0)
        {
            await BumpVersionAsync(cancellationToken);
        }

        return [.. items.Select(i => writes[i.Item.Id])];
    }

    /// <summary>
    /// Upserts rows of one partition and their change entries in one transaction (both or neither are stored); returns
    /// the writes in order.
    /// </summary>
    private async Task<CatalogWrite[]> WriteRowsAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        var writtenAt = _clock.GetUtcNow();
        var entries = rows.Select(row => CatalogChangeEntries.ToEntity(row.PartitionKey, row.RowKey, writtenAt)).ToList();
        var actions = rows.Concat(entries).Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        var response = await storage.Catalog.SubmitTransactionAsync(actions, cancellationToken);
        return [.. rows.Select((_, i) => new CatalogWrite(response.Value[i].Headers.ETag?.ToString() ?? "", entries[i].RowKey))];
    }
}
