using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure.Data.Tables;

namespace ImageSearch.Core.Catalog;

/// <summary>Reading item rows across their partitions (<see cref="CatalogEntityMapper.Partitions"/>, the legacy one included).</summary>
public sealed partial class CatalogStore
{
    /// <summary>Partitions a full load reads at once: each is served at ~2,000 entities/s, the account at ~20,000/s.</summary>
    public const int LoadParallelism = 8;

    private const int PageRows = 1000;

    /// <summary>Every item row, the partitions read in parallel. An id with rows in the legacy and a spread partition counts once (the newer row).</summary>
    public async Task<IReadOnlyList<CatalogRow>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var rows = new List<CatalogRow>();
        await foreach (var page in ReadAllPagesAsync(cancellationToken))
        {
            rows.AddRange(page);
        }

        return NewestPerId(rows);
    }

    /// <summary>
    /// Every item row, page by page (up to 1,000 rows), for a consumer that streams them on: the legacy partition first
    /// and alone (a re-import of one of its ids sits in a spread partition, comes later and wins), then the 16 spread
    /// partitions, <see cref="LoadParallelism"/> at a time, their pages interleaved. At most a few pages wait in memory.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<CatalogRow>> ReadAllPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var scan = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<IReadOnlyList<CatalogRow>>(new BoundedChannelOptions(LoadParallelism) { SingleReader = true });
        var producer = ProducePagesAsync(pages.Writer, scan.Token);
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
            {
                yield return page;
            }

            await producer;
        }
        finally
        {
            await scan.CancelAsync(); // the consumer stopped early or failed: the partition reads stop too
            try
            {
                await producer;
            }
            catch (OperationCanceledException) when (scan.IsCancellationRequested)
            {
                // Stopped above.
            }
        }
    }

    /// <summary>
    /// The item rows of every partition written at or after <paramref name="since"/> (server time), one per id (the newest),
    /// oldest first — by filtering every row on its <c>Timestamp</c>, which the service does not index: a scan of the
    /// whole catalog, the only way to see rows written without change entries (by the previous version, during a rollout).
    /// The change entries (<see cref="ReadChangesSinceAsync"/>) find the same rows by key.
    /// </summary>
    public async Task<IReadOnlyList<CatalogRow>> ScanChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var (from, before) = CatalogEntityMapper.PartitionRange;
        var rows = new List<CatalogRow>();
        await foreach (var row in QueryAsync(
            TableClient.CreateQueryFilter(
                $"PartitionKey ge {from} and PartitionKey lt {before} and RowKey lt {CatalogChangeEntries.Prefix} and Timestamp ge {since}"),
            cancellationToken))
        {
            rows.Add(row);
        }

        // An id in both the legacy and a spread partition: only its newer row, or the older one would be applied again after it.
        return [.. NewestPerId(rows).OrderBy(r => r.Timestamp)];
    }

    /// <summary>The item rows of one partition (see <see cref="CatalogEntityMapper.Partitions"/>, not its change entries), streamed page by page.</summary>
    public IAsyncEnumerable<CatalogRow> ReadPartitionAsync(string partition, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {CatalogChangeEntries.Prefix}"), cancellationToken);

    /// <summary>The version row with its server timestamp, and the service's clock (the response's Date).</summary>
    public async Task<CatalogVersionState> GetVersionStateAsync(CancellationToken cancellationToken)
    {
        var row = await storage.Catalog.GetEntityIfExistsAsync<TableEntity>(MetaPartition, VersionRow, cancellationToken: cancellationToken);
        var now = row.GetRawResponse().Headers.Date ?? DateTimeOffset.UtcNow;
        return row.HasValue && row.Value is { } version
            ? new CatalogVersionState(version.GetString("Version") ?? "", version.Timestamp ?? now, now)
            : new CatalogVersionState("", now, now);
    }

    private async Task ProducePagesAsync(ChannelWriter<IReadOnlyList<CatalogRow>> pages, CancellationToken cancellationToken)
    {
        try
        {
            var partitions = CatalogEntityMapper.Partitions;
            await ReadPagesAsync(partitions[0], pages, cancellationToken);
            await Parallel.ForEachAsync(
                partitions.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken },
                async (partition, token) => await ReadPagesAsync(partition, pages, token));
            pages.Complete();
        }
        catch (Exception e)
        {
            pages.TryComplete(e);
            throw;
        }
    }

    private async Task ReadPagesAsync(string partition, ChannelWriter<IReadOnlyList<CatalogRow>> pages, CancellationToken cancellationToken)
    {
        var page = new List<CatalogRow>(PageRows);
        await foreach (var row in ReadPartitionAsync(partition, cancellationToken))
        {
            page.Add(row);
            if (page.Count == PageRows)
            {
                await pages.WriteAsync(page, cancellationToken);
                page = new List<CatalogRow>(PageRows);
            }
        }

        if (page.Count > 0)
        {
            await pages.WriteAsync(page, cancellationToken);
        }
    }

    private static List<CatalogRow> NewestPerId(IEnumerable<CatalogRow> rows)
    {
        var newest = new Dictionary<string, CatalogRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!newest.TryGetValue(row.Item.Id, out var seen) || row.Timestamp >= seen.Timestamp)
            {
                newest[row.Item.Id] = row;
            }
        }

        return [.. newest.Values];
    }

    private async IAsyncEnumerable<CatalogRow> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in storage.Catalog.QueryAsync<TableEntity>(filter, maxPerPage: PageRows, cancellationToken: cancellationToken))
        {
            yield return new CatalogRow(CatalogEntityMapper.FromEntity(entity), entity.Timestamp ?? DateTimeOffset.MinValue, entity.ETag.ToString());
        }
    }
}
