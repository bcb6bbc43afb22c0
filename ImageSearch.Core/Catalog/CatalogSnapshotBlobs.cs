using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The owner of the catalog snapshot blobs, in the catalog container next to the item images: the snapshots
/// (<c>index/snapshots/{watermark ticks}-{guid}.bin</c>, never overwritten), the manifest that points at the current one
/// (<c>index/manifest.json</c>, switched with an ETag condition) and the writer's lease blob (<c>index/writer.lock</c>).
/// </summary>
/// <param name="storage">The storage clients.</param>
/// <param name="rangeBytes">Bytes per range request of a snapshot read, and per staged block of a write.</param>
/// <param name="parallelRanges">Range requests of a snapshot read in flight at once.</param>
public sealed class CatalogSnapshotBlobs(StorageClients storage, int rangeBytes = CatalogSnapshotBlobs.TransferBytes, int parallelRanges = CatalogSnapshotBlobs.ParallelRanges)
{
    public const string ManifestBlob = "index/manifest.json";
    public const string SnapshotPrefix = "index/snapshots/";
    public const string LockBlob = "index/writer.lock";

    /// <summary>Large sequential transfers: one request per 4 MiB (within the storage client's network timeout).</summary>
    public const int TransferBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Range requests of one snapshot read in flight by default (<see cref="CatalogOptions.SnapshotParallelRanges"/>): one
    /// stream reads ~60–100 MB/s from Azure Storage, too slow for the ~1.9 GB of a million items within a cold start's
    /// 30 s (docs/scaling.md).
    /// </summary>
    public const int ParallelRanges = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlobContainerClient Container => storage.CatalogImages;

    /// <summary>A new, unique snapshot name for <paramref name="watermark"/> (names sort by watermark).</summary>
    public static string NewSnapshotName(DateTimeOffset watermark) => $"{SnapshotPrefix}{watermark.UtcTicks:D19}-{Guid.NewGuid():N}.bin";

    /// <summary>
    /// The current manifest and its ETag; (null, null) when there is none. A manifest that is not valid JSON comes back as
    /// (null, its ETag): readers treat it as unusable, the writer replaces it.
    /// </summary>
    public async Task<(CatalogSnapshotManifest? Manifest, ETag? ETag)> ReadManifestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = (await Container.GetBlobClient(ManifestBlob).DownloadContentAsync(cancellationToken)).Value;
            try
            {
                var manifest = content.Content.ToObjectFromJson<CatalogSnapshotManifest>(Json);
                return (manifest is { Blob: { } blob } && blob.StartsWith(SnapshotPrefix, StringComparison.Ordinal) ? manifest : null, content.Details.ETag);
            }
            catch (JsonException)
            {
                return (null, content.Details.ETag);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Streams a snapshot, downloaded in parallel ranges (<see cref="ParallelBlobDownload"/>) at most four ranges ahead of
    /// the reader; a read fails if the blob changes meanwhile.
    /// </summary>
    public Stream OpenRead(string blob, CancellationToken cancellationToken) =>
        ParallelBlobDownload.Start(Container.GetBlobClient(blob), rangeBytes, parallelRanges, bufferedBytes: 4L * rangeBytes, cancellationToken);

    /// <summary>A stream that stages blocks of the range size (<see cref="TransferBytes"/> by default) and commits them all when disposed.</summary>
    public Task<Stream> OpenWriteAsync(string blob, CancellationToken cancellationToken) =>
        Container.GetBlockBlobClient(blob).OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions { BufferSize = rangeBytes }, cancellationToken);

    /// <summary>
    /// Points the manifest at a new snapshot if it is still the one read as <paramref name="expected"/> (null: there was
    /// none). False when another writer switched it first.
    /// </summary>
    public async Task<bool> SwitchAsync(CatalogSnapshotManifest manifest, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await Container.GetBlobClient(ManifestBlob).UploadAsync(
                BinaryData.FromObjectAsJson(manifest, Json),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Deletes every snapshot blob except <paramref name="keep"/>; returns how many went.</summary>
    public async Task<int> PruneAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = SnapshotPrefix }, cancellationToken))
        {
            if (!keep.Contains(blob.Name) && (await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }

        return deleted;
    }

    public Task DeleteAsync(string blob, CancellationToken cancellationToken) => Container.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);

    /// <summary>The writer lease (one snapshot writer at a time across instances), or null when another instance holds it.</summary>
    public async Task<BlobLeaseClient?> TryLeaseWriterAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var lockBlob = Container.GetBlobClient(LockBlob);
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists already (perhaps leased right now).
        }

        var lease = lockBlob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
            return lease;
        }
        catch (RequestFailedException e) when (e.Status is 409)
        {
            return null;
        }
    }
}
