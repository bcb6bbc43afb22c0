using Azure.Data.Tables;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Catalog;

/// <summary>Catalog items: their images (<see cref="CatalogImages"/>), their rows in one table, and a version row bumped on every change.</summary>
public sealed class CatalogStore(StorageClients storage, CatalogImages images)
{
    private const string MetaPartition = "meta";
    private const string VersionRow = "version";

    public async Task SaveAsync(CatalogItem item, byte[] jpeg, CancellationToken cancellationToken)
    {
        // Blob first, row second: a row never points at a missing image. A re-import of the same content overwrites both.
        await images.SaveAsync(item.Id, jpeg, cancellationToken);
        await SaveRowAsync(item, cancellationToken);
        await BumpVersionAsync(cancellationToken);
    }

    /// <summary>Writes an item's row (its image must already be stored).</summary>
    public async Task SaveRowAsync(CatalogItem item, CancellationToken cancellationToken) =>
        await storage.Catalog.UpsertEntityAsync(CatalogEntityMapper.ToEntity(item), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Tells every instance's index to reload.</summary>
    public async Task BumpVersionAsync(CancellationToken cancellationToken) =>
        await storage.Catalog.UpsertEntityAsync(
            new TableEntity(MetaPartition, VersionRow) { ["Version"] = Guid.NewGuid().ToString("N") }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>An opaque value that changes whenever the catalog changes ("" for an empty catalog).</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var row = await storage.Catalog.GetEntityIfExistsAsync<TableEntity>(MetaPartition, VersionRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value?.GetString("Version") ?? "" : "";
    }

    public async Task<IReadOnlyList<CatalogItem>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var items = new List<CatalogItem>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CatalogEntityMapper.Partition}");
        await foreach (var entity in storage.Catalog.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            items.Add(CatalogEntityMapper.FromEntity(entity));
        }

        return items;
    }

    /// <summary>The JPEG of an item, or null when there is none.</summary>
    public Task<BinaryData?> GetImageAsync(string itemId, CancellationToken cancellationToken) => images.ReadAsync(itemId, cancellationToken);
}
