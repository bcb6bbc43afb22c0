using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Batches snapshot writes: every <see cref="CatalogOptions.RefreshSeconds"/> it compares the catalog version with the
/// current snapshot's and, when they differ, writes a new snapshot once the catalog has been quiet for
/// <see cref="CatalogOptions.SnapshotQuietSeconds"/> (server time of the last version bump) or
/// <see cref="CatalogOptions.SnapshotMinChanges"/> rows changed since the snapshot's watermark; a snapshot of another
/// format than this version reads (<see cref="CatalogSnapshotFormat.Format"/>) is replaced at once. Any instance may run it;
/// the writer lease lets one write at a time.
/// </summary>
public sealed partial class CatalogSnapshotScheduler(
    CatalogStore store, CatalogSnapshotBlobs blobs, CatalogSnapshotWriter writer, TimeProvider clock, IOptions<CatalogOptions> options,
    ILogger<CatalogSnapshotScheduler> logger) : BackgroundService
{
    /// <summary>Whether the catalog changed since the current snapshot and the change is quiet or large enough.</summary>
    public async Task<bool> IsDueAsync(CancellationToken cancellationToken)
    {
        var (manifest, _) = await blobs.ReadManifestAsync(cancellationToken);
        var state = await store.GetVersionStateAsync(cancellationToken);
        if (state.Version.Length == 0)
        {
            return false;
        }

        if (manifest is not null && manifest.Format != CatalogSnapshotFormat.Format)
        {
            return true; // readers cannot use it (an older format): as good as none
        }

        if (state.Version == manifest?.Version)
        {
            return false;
        }

        var settings = options.Value;
        return state.ServerNow - state.ChangedAt >= TimeSpan.FromSeconds(settings.SnapshotQuietSeconds)
            || await store.CountChangedSinceAsync(manifest?.Watermark ?? DateTimeOffset.MinValue, settings.SnapshotMinChanges, cancellationToken)
                >= settings.SnapshotMinChanges;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // host start does not wait
        var interval = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await IsDueAsync(stoppingToken))
                {
                    await writer.WriteAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(interval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog snapshot check or write failed; the previous snapshot stays current")]
    private partial void LogFailed(Exception exception);
}
