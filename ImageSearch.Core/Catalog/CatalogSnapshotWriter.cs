using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Writes a new catalog snapshot from the table rows (the source of truth) and switches the manifest to it, holding the
/// writer lease so one instance writes at a time. Order: the watermark is the service's clock before the first row is
/// read (every row committed earlier is in the scan; rows written during it have later timestamps and reach readers as a
/// delta); the snapshot blob is complete before the manifest names it; older snapshots are pruned after the switch. A
/// crash at any point leaves the manifest at the previous complete snapshot (or none): readers then read more rows.
/// </summary>
public sealed partial class CatalogSnapshotWriter(
    CatalogStore store, CatalogSnapshotBlobs blobs, TimeProvider clock, ILogger<CatalogSnapshotWriter> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>Serialised rows are sent to the blob stream in pieces of about this size.</summary>
    private const int PageBytes = 1024 * 1024;

    /// <summary>Writes a snapshot; null when another instance holds the writer lease or switched the manifest first.</summary>
    public Task<CatalogSnapshotManifest?> WriteAsync(CancellationToken cancellationToken) =>
        UnderLeaseAsync(WriteLeasedAsync, cancellationToken);

    /// <summary>
    /// Writes a snapshot of <paramref name="pages"/> instead of the table's rows, taken at <paramref name="watermark"/> and
    /// <paramref name="version"/>, and switches the manifest to it (same format, checks and lease as <see cref="WriteAsync(CancellationToken)"/>).
    /// For tooling and benchmarks that need a snapshot of rows the table does not hold (e.g. a million synthetic items);
    /// the product writes from the table.
    /// </summary>
    public Task<CatalogSnapshotManifest?> WriteAsync(
        IAsyncEnumerable<IReadOnlyList<CatalogRow>> pages, DateTimeOffset watermark, string version, CancellationToken cancellationToken) =>
        UnderLeaseAsync(
            async ct => await WriteAndSwitchAsync(await blobs.ReadManifestAsync(ct), pages, watermark, version, ct), cancellationToken);

    /// <summary>Runs <paramref name="write"/> holding the writer lease (renewed meanwhile); null when another instance holds it.</summary>
    private async Task<CatalogSnapshotManifest?> UnderLeaseAsync(
        Func<CancellationToken, Task<CatalogSnapshotManifest?>> write, CancellationToken cancellationToken)
    {
        var lease = await blobs.TryLeaseWriterAsync(LeaseDuration, cancellationToken);
        if (lease is null)
        {
            LogBusy();
            return null;
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lease, renewing.Token);
        try
        {
            return await write(cancellationToken);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            await ReleaseAsync(lease);
        }
    }

    private async Task<CatalogSnapshotManifest?> WriteLeasedAsync(CancellationToken cancellationToken)
    {
        var current = await blobs.ReadManifestAsync(cancellationToken); // before the watermark: a newer switch meanwhile makes ours fail
        var state = await store.GetVersionStateAsync(cancellationToken);
        var watermark = state.ServerNow - TimeSpan.FromSeconds(1); // the Date header has whole seconds
        return await WriteAndSwitchAsync(current, store.ReadAllPagesAsync(cancellationToken), watermark, state.Version, cancellationToken);
    }

    private async Task<CatalogSnapshotManifest?> WriteAndSwitchAsync(
        (CatalogSnapshotManifest? Manifest, ETag? ETag) current, IAsyncEnumerable<IReadOnlyList<CatalogRow>> pages, DateTimeOffset watermark, string version,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (previous, previousETag) = current;
        var name = CatalogSnapshotBlobs.NewSnapshotName(watermark);
        var (items, bytes, hash) = await WriteBlobAsync(name, pages, watermark, version, cancellationToken);
        var manifest = new CatalogSnapshotManifest(
            name, CatalogSnapshotFormat.Format, version, watermark, items, bytes, hash, clock.GetUtcNow());
        if (!await blobs.SwitchAsync(manifest, previousETag, cancellationToken))
        {
            LogLostSwitch(name);
            await blobs.DeleteAsync(name, cancellationToken);
            return null;
        }

        var pruned = await blobs.PruneAsync(new HashSet<string>(StringComparer.Ordinal) { name, previous?.Blob ?? name }, cancellationToken);
        LogWritten(name, items, bytes / 1048576.0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, pruned);
        return manifest;
    }

    /// <summary>Streams the rows of <paramref name="pages"/> into a new snapshot blob; returns the record count, the length and the checksum.</summary>
    private async Task<(long Items, long Bytes, string Hash)> WriteBlobAsync(
        string name, IAsyncEnumerable<IReadOnlyList<CatalogRow>> pages, DateTimeOffset watermark, string version, CancellationToken cancellationToken)
    {
        await using var blob = new ChecksumStream(await blobs.OpenWriteAsync(name, cancellationToken));
        using var page = new MemoryStream(PageBytes + (64 * 1024));
        using var writer = new BinaryWriter(page, Encoding.UTF8, leaveOpen: true);
        CatalogSnapshotFormat.WriteHeader(writer, watermark, version);
        long count = 0;

        // The legacy partition's rows come first: a re-import of one of its ids (spread partition) is written later and wins on load.
        await foreach (var rows in pages)
        {
            foreach (var row in rows)
            {
                CatalogSnapshotFormat.WriteRow(writer, row);
                count++;
                if (page.Length >= PageBytes)
                {
                    await SendAsync(writer, page, blob, cancellationToken);
                }
            }
        }

        CatalogSnapshotFormat.WriteEnd(writer, count);
        await SendAsync(writer, page, blob, cancellationToken);
        var result = (count, blob.Passed, CatalogSnapshotReader.Hex(blob.Current));
        await blob.FlushAsync(cancellationToken); // commits the block list: the blob is complete from here on
        return result;
    }

    private static async Task SendAsync(BinaryWriter writer, MemoryStream page, Stream blob, CancellationToken cancellationToken)
    {
        writer.Flush();
        await blob.WriteAsync(page.GetBuffer().AsMemory(0, (int)page.Length), cancellationToken);
        page.SetLength(0);
    }

    private async Task RenewAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, clock, cancellationToken);
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Written (or failed): the lease is released next.
        }
        catch (RequestFailedException e)
        {
            // The lease is lost: another writer may start; the manifest's ETag condition still keeps the newer switch.
            LogLeaseLost(e);
        }
    }

    private async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            LogLeaseLost(e); // it expires by itself
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog snapshot {Name}: {Items} items, {MiB:0.0} MiB in {ElapsedMs:0} ms; {Pruned} older snapshots pruned")]
    private partial void LogWritten(string name, long items, double miB, double elapsedMs, int pruned);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is writing the catalog snapshot")]
    private partial void LogBusy();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog snapshot {Name} was not used: another writer switched the manifest first")]
    private partial void LogLostSwitch(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog snapshot writer's lease could not be renewed or released")]
    private partial void LogLeaseLost(Exception exception);
}
