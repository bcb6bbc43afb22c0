using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Holds this instance's in-memory <see cref="CatalogIndex"/>. A search takes the last complete index and never waits
/// for a reload: only before the first load has finished (cold start) does <see cref="GetAsync"/> wait. Changes reach the
/// index as deltas — this instance's own imports at once (<see cref="ApplyAsync"/>), other instances' rows through
/// <see cref="RefreshAsync"/>, which <see cref="CatalogIndexRefresher"/> calls in the background. The first load takes
/// the blob snapshot (<see cref="CatalogSnapshotReader"/>) when there is a usable one, then the rows changed since its
/// watermark as a delta; without one (or with a corrupt one) it reads every row.
/// </summary>
/// <remarks>
/// Deltas are found through the rows' change entries (<see cref="CatalogChangeEntries"/>): a key range, then point reads
/// of the rows not applied yet — never a scan of the catalog. Rows written without entries (by the previous version of
/// the app during a rollout) are found by a scan of every row's timestamp, run in the background at most every
/// <c>scanInterval</c> (default <see cref="DefaultScanInterval"/>) and only when the catalog changed since the last one
/// — and once after a start from a snapshot.
/// </remarks>
public sealed partial class CatalogIndexProvider(
    CatalogStore store, ILogger<CatalogIndexProvider> logger, CatalogSnapshotReader? snapshots = null, TimeSpan? scanInterval = null)
    : IDisposable
{
    /// <summary>Rows this far before the newest seen timestamp are read again: writes of several writers commit out of order.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>How often, at most, a delta scans every row for rows written without change entries.</summary>
    public static readonly TimeSpan DefaultScanInterval = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Dictionary<string, (string ETag, DateTimeOffset Timestamp)> _recent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _appliedChanges = new(StringComparer.Ordinal);
    private readonly TimeSpan _scanInterval = scanInterval ?? DefaultScanInterval;
    private volatile CatalogIndex? _index;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;
    private string? _scannedVersion;
    private long _scannedAt;

    /// <summary>The last complete index; waits only for the first load.</summary>
    public Task<CatalogIndex> GetAsync(CancellationToken cancellationToken) =>
        _index is { } index ? Task.FromResult(index) : FirstAsync(cancellationToken);

    /// <summary>
    /// Brings the index up to date with storage. The first call loads the snapshot and the rows after it (or every row);
    /// later calls read the version row and, when it changed, apply the rows written since the last refresh (or, when a
    /// scan is due, scan for them). Searches keep using the previous index meanwhile.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (_index is null)
            {
                await LoadFirstAsync(cancellationToken);
                return;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            var scanDue = version != _scannedVersion && Stopwatch.GetElapsedTime(_scannedAt) >= _scanInterval;
            if (version == _index.Version && !scanDue)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var rows = scanDue ? await ScanAsync(version, cancellationToken) : await ReadChangesAsync(cancellationToken);
            var changed = Unseen(rows, fromStorage: true);
            Publish(_index.With([.. changed.Select(r => r.Item)], version));
            if (changed.Count > 0)
            {
                LogDelta(changed.Count, rows.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>This instance stored <paramref name="rows"/>: its own searches see them from now on.</summary>
    public async Task ApplyAsync(IReadOnlyList<CatalogRow> rows, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (_index is not null)
            {
                // The version stays: the next refresh still reads the version row, and skips these rows by their ETags
                // (and their change entries by key, without reading the rows back).
                Publish(_index.With([.. Unseen(rows, fromStorage: false).Select(r => r.Item)], _index.Version));
                foreach (var row in rows.Where(r => r.ChangeKey is not null))
                {
                    _appliedChanges[row.ChangeKey!] = row.Timestamp;
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Rows with timestamps from here on may still be new to this instance.</summary>
    private DateTimeOffset Cutoff => _newest == DateTimeOffset.MinValue ? _newest : _newest - Overlap;

    private async Task<CatalogIndex> FirstAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        return _index ?? CatalogIndex.Empty;
    }

    private async Task LoadFirstAsync(CancellationToken cancellationToken)
    {
        var residentBefore = Environment.WorkingSet;
        await LoadIndexAsync(cancellationToken);
        ReleaseLoadGarbage(residentBefore);
    }

    /// <summary>
    /// The first load's decoded rows and pages are garbage once the index is built, but the GC keeps the memory committed
    /// for the next burst: when the load grew the process by <see cref="Imaging.ResidentMemory.WorthReleasingBytes"/> or more,
    /// one aggressive collection gives it back before the first search is answered.
    /// </summary>
    private void ReleaseLoadGarbage(long residentBefore)
    {
        var before = Environment.WorkingSet;
        if (before - residentBefore < Imaging.ResidentMemory.WorthReleasingBytes)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        Imaging.ResidentMemory.Release();
        LogReleased(before / 1048576, Environment.WorkingSet / 1048576, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task LoadIndexAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var version = await store.GetVersionAsync(cancellationToken);
        if (await TryLoadSnapshotAsync(cancellationToken) is { } snapshot)
        {
            // Every row older than the watermark is in the snapshot; the window before it is read again, its rows skipped by ETag.
            _newest = snapshot.Watermark;
            foreach (var row in snapshot.Recent)
            {
                _recent[row.Item.Id] = (row.ETag, row.Timestamp);
            }

            var delta = await ReadChangesAsync(cancellationToken); // rows without change entries: the first refresh scans
            var changed = Unseen(delta, fromStorage: true);
            Publish(snapshot.Index.With([.. changed.Select(r => r.Item)], version));
            LogLoadedSnapshot(snapshot.Index.Count, changed.Count, delta.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        // The recent change entries, read before the rows: every write they record is in the rows read next, so the next
        // delta need not read those rows again.
        var (_, _, serverNow) = await store.GetVersionStateAsync(cancellationToken);
        var known = await store.ReadChangesSinceAsync(serverNow - (2 * Overlap), cancellationToken);
        var rows = await store.LoadAllAsync(cancellationToken);
        (_scannedVersion, _scannedAt) = (version, Stopwatch.GetTimestamp()); // every row read: as good as a scan
        foreach (var change in known)
        {
            _appliedChanges[change.Key] = change.Timestamp;
        }

        _ = Unseen(rows, fromStorage: true);
        Publish(new CatalogIndex([.. rows.Select(r => r.Item)], version));
        LogLoaded(rows.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The rows of the change entries written since <see cref="Cutoff"/> that were not applied yet (point reads).</summary>
    private async Task<IReadOnlyList<CatalogRow>> ReadChangesAsync(CancellationToken cancellationToken)
    {
        var changes = await store.ReadChangesSinceAsync(Cutoff, cancellationToken);
        var fresh = changes.Where(c => !_appliedChanges.ContainsKey(c.Key)).ToList();
        var rows = await store.ReadRowsAsync(fresh, cancellationToken);
        foreach (var change in fresh)
        {
            _appliedChanges[change.Key] = change.Timestamp;
        }

        return rows;
    }

    /// <summary>Every row written since <see cref="Cutoff"/>, by a scan of every row's timestamp (see the class remarks).</summary>
    private async Task<IReadOnlyList<CatalogRow>> ScanAsync(string version, CancellationToken cancellationToken)
    {
        var rows = await store.ScanChangedSinceAsync(Cutoff, cancellationToken);
        (_scannedVersion, _scannedAt) = (version, Stopwatch.GetTimestamp());
        LogScanned(rows.Count);
        return rows;
    }

    private async Task<CatalogSnapshot?> TryLoadSnapshotAsync(CancellationToken cancellationToken)
    {
        if (snapshots is null)
        {
            return null;
        }

        try
        {
            return await snapshots.LoadAsync(Overlap, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Rows are the source of truth: an unreadable snapshot costs load time, never correctness.
            LogSnapshotUnusable(e);
            return null;
        }
    }

    /// <summary>
    /// The rows not applied yet (by ETag), remembering those inside the overlap window. Only rows read from storage move
    /// the window (their timestamps are the server's; this instance's own rows carry its clock).
    /// </summary>
    private List<CatalogRow> Unseen(IReadOnlyList<CatalogRow> rows, bool fromStorage)
    {
        var unseen = rows.Where(r => !_recent.TryGetValue(r.Item.Id, out var seen) || seen.ETag != r.ETag).ToList();
        if (fromStorage && rows.Count > 0)
        {
            _newest = rows.Max(r => r.Timestamp) is var newest && newest > _newest ? newest : _newest;
        }

        foreach (var row in rows.Where(r => r.Timestamp >= Cutoff))
        {
            _recent[row.Item.Id] = (row.ETag, row.Timestamp);
        }

        foreach (var old in _recent.Where(r => r.Value.Timestamp < Cutoff).Select(r => r.Key).ToList())
        {
            _recent.Remove(old);
        }

        // Entries older than the cutoff are never read again.
        foreach (var old in _appliedChanges.Where(c => c.Value < Cutoff).Select(c => c.Key).ToList())
        {
            _appliedChanges.Remove(old);
        }

        return unseen;
    }

    /// <summary>Swaps the index searches read; rebuilds it first when re-imports left many superseded rows.</summary>
    private void Publish(CatalogIndex index)
    {
        if (index.DeadCount > Math.Max(1024, index.Count / 4))
        {
            index = index.Compact();
        }

        _index = index;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded catalog index of {Count} items from its snapshot and {Changed} changed rows (of {Read} read after it) in {ElapsedMs} ms")]
    private partial void LogLoadedSnapshot(int count, int changed, int read, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog snapshot is unusable; loading every row instead")]
    private partial void LogSnapshotUnusable(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded catalog index of {Count} items in {ElapsedMs} ms")]
    private partial void LogLoaded(int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog loaded: resident memory {BeforeMiB} -> {AfterMiB} MiB after a full collection in {ElapsedMs} ms")]
    private partial void LogReleased(long beforeMiB, long afterMiB, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanned the catalog for rows written without change entries: {Read} rows since the cutoff")]
    private partial void LogScanned(int read);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Changed} changed catalog rows (of {Read} read) in {ElapsedMs} ms")]
    private partial void LogDelta(int changed, int read, double elapsedMs);
}
