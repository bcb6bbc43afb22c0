using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace ImageSearch.Core.Catalog;

/// <summary>Reading the change entries (<see cref="CatalogChangeEntries"/>): what was written since a time, by key range, and its rows by point reads.</summary>
public sealed partial class CatalogStore
{
    /// <summary>
    /// The change entries written at or after <paramref name="since"/> (server time), from every item partition: a key
    /// range per partition starting <see cref="CatalogChangeEntries.ClockSkew"/> before it (keys carry the writers'
    /// clocks), then filtered by each entry's own timestamp. Reads only the entries of that window, never the rows.
    /// </summary>
    public async Task<IReadOnlyList<CatalogChange>> ReadChangesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var changes = new ConcurrentBag<CatalogChange>();
        await Parallel.ForEachAsync(
            CatalogEntityMapper.Partitions, new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken },
            async (partition, token) =>
            {
                await foreach (var entry in storage.Catalog.QueryAsync<TableEntity>(ChangeRange(partition, since), maxPerPage: PageRows, cancellationToken: token))
                {
                    if (entry.Timestamp is { } written && written >= since)
                    {
                        changes.Add(new CatalogChange(entry.RowKey, partition, CatalogChangeEntries.ItemIdOf(entry.RowKey), written));
                    }
                }
            });
        return [.. changes.OrderBy(c => c.Timestamp)];
    }

    /// <summary>The current rows of the items <paramref name="changes"/> name (point reads), oldest first; an item whose row is gone is left out.</summary>
    public async Task<IReadOnlyList<CatalogRow>> ReadRowsAsync(IEnumerable<CatalogChange> changes, CancellationToken cancellationToken)
    {
        var rows = new ConcurrentBag<CatalogRow>();
        var items = changes.Select(c => (c.Partition, c.ItemId)).Distinct();
        await Parallel.ForEachAsync(
            items, new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var read = await storage.Catalog.GetEntityIfExistsAsync<TableEntity>(item.Partition, item.ItemId, cancellationToken: token);
                if (read.HasValue && read.Value is { } entity)
                {
                    rows.Add(new CatalogRow(CatalogEntityMapper.FromEntity(entity), entity.Timestamp ?? DateTimeOffset.MinValue, entity.ETag.ToString()));
                }
            });
        return [.. rows.OrderBy(r => r.Timestamp)];
    }

    /// <summary>
    /// How many rows were written at or after <paramref name="since"/>, counting their change entries partition by
    /// partition and stopping at <paramref name="atMost"/>.
    /// </summary>
    public async Task<int> CountChangedSinceAsync(DateTimeOffset since, int atMost, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var partition in CatalogEntityMapper.Partitions)
        {
            await foreach (var entry in storage.Catalog.QueryAsync<TableEntity>(ChangeRange(partition, since), maxPerPage: PageRows, cancellationToken: cancellationToken))
            {
                if (entry.Timestamp >= since && ++count >= atMost)
                {
                    return count;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// The key range of <paramref name="partition"/>'s change entries that may have been written at or after
    /// <paramref name="since"/> (server time): from <see cref="CatalogChangeEntries.ClockSkew"/> before it, as keys carry the writers' clocks.
    /// </summary>
    private static string ChangeRange(string partition, DateTimeOffset since)
    {
        var from = CatalogChangeEntries.KeyFrom(since == DateTimeOffset.MinValue ? since : since - CatalogChangeEntries.ClockSkew);
        return TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {CatalogChangeEntries.End}");
    }
}
