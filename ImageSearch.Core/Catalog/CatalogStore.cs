using Azure.Data.Tables;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Catalog;

/// <summary>Catalog items: their images (<see cref="CatalogImages"/>), their rows in one table, and a version row bumped on every change.</summary>
public sealed partial class CatalogStore(StorageClients storage, CatalogImages images)
{
    private const string MetaPartition = "meta";
    private const string VersionRow = "version";

    /// <summary>Stores image and row and bumps the version; returns the row's ETag (<see cref="SaveAllAsync"/> with one item).</summary>
    public async Task<string> SaveAsync(CatalogItem item, byte[] jpeg, CancellationToken cancellationToken) =>
        (await SaveAllAsync([(item, jpeg)], cancellationToken))[0];

    /// <summary>Writes an item's row (its image must already be stored); returns the row's ETag.</summary>
    public async Task<string> SaveRowAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        var response = await storage.Catalog.UpsertEntityAsync(CatalogEntityMapper.ToEntity(item), TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag?.ToString() ?? "";
    }

    /// <summary>Tells every instance's index that rows changed.</summary>
    public async Task BumpVersionAsync(CancellationToken cancellationToken) =>
        await storage.Catalog.UpsertEntityAsync(
            new TableEntity(MetaPartition, VersionRow) { ["Version"] = Guid.NewGuid().ToString("N") }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>An opaque value that changes whenever the catalog changes ("" for an empty catalog).</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var row = await storage.Catalog.GetEntityIfExistsAsync<TableEntity>(MetaPartition, VersionRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value?.GetString("Version") ?? "" : "";
    }

    /// <summary>Every item row.</summary>
    public Task<IReadOnlyList<CatalogRow>> LoadAllAsync(CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {CatalogEntityMapper.Partition}"), cancellationToken);

    /// <summary>The item rows written at or after <paramref name="since"/> (server time).</summary>
    public Task<IReadOnlyList<CatalogRow>> LoadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {CatalogEntityMapper.Partition} and Timestamp ge {since}"), cancellationToken);

    /// <summary>The JPEG of an item, or null when there is none.</summary>
    public Task<BinaryData?> GetImageAsync(string itemId, CancellationToken cancellationToken) => images.ReadAsync(itemId, cancellationToken);

    private async Task<IReadOnlyList<CatalogRow>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<CatalogRow>();
        await foreach (var entity in storage.Catalog.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(new CatalogRow(CatalogEntityMapper.FromEntity(entity), entity.Timestamp ?? DateTimeOffset.MinValue, entity.ETag.ToString()));
        }

        return rows;
    }
}
