using Azure.Data.Tables;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Catalog items: their images (<see cref="CatalogImages"/>), their rows in one table (spread over partitions, see
/// <see cref="CatalogEntityMapper"/>; reads in CatalogStore.Reads.cs), each with a change entry
/// (<see cref="CatalogChangeEntries"/>; read in CatalogStore.Changes.cs), and a version row bumped on every change.
/// </summary>
public sealed partial class CatalogStore(StorageClients storage, CatalogImages images, TimeProvider? clock = null)
{
    private const string MetaPartition = "meta";
    private const string VersionRow = "version";

    /// <summary>The writer's clock, for change entries' keys only (a seek hint; their timestamps are the service's).</summary>
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Stores image and row and bumps the version (<see cref="SaveAllAsync"/> with one item).</summary>
    public async Task<CatalogWrite> SaveAsync(CatalogItem item, byte[] jpeg, CancellationToken cancellationToken) =>
        (await SaveAllAsync([(item, jpeg)], cancellationToken))[0];

    /// <summary>Writes an item's row with its change entry (its image must already be stored).</summary>
    public async Task<CatalogWrite> SaveRowAsync(CatalogItem item, CancellationToken cancellationToken) =>
        (await WriteRowsAsync([CatalogEntityMapper.ToEntity(item)], cancellationToken))[0];

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

    /// <summary>The JPEG of an item, or null when there is none.</summary>
    public Task<BinaryData?> GetImageAsync(string itemId, CancellationToken cancellationToken) => images.ReadAsync(itemId, cancellationToken);
}
