using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Catalog;

/// <summary>Section "Catalog".</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>How often an instance checks storage for a newer catalog version.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>
    /// A new index snapshot is written once the catalog has not changed for this long (imports are batched, not per image)...
    /// Longer than <see cref="CatalogIndexProvider.Overlap"/> (2 min), so the rows a cold start re-reads after the snapshot
    /// (its last two minutes) are few.
    /// </summary>
    [Range(1, 86400)]
    public int SnapshotQuietSeconds { get; set; } = 180;

    /// <summary>...or as soon as this many rows changed since the last snapshot, even while imports go on.</summary>
    [Range(1, 100_000_000)]
    public int SnapshotMinChanges { get; set; } = 20_000;

    /// <summary>How often the backfill looks for items missing a newly available tier's embeddings.</summary>
    [Range(1, 86400)]
    public int BackfillIntervalSeconds { get; set; } = 60;

    /// <summary>Images one batch import request may carry.</summary>
    [Range(1, 100)]
    public int MaxBatchImages { get; set; } = 32;

    /// <summary>
    /// Bytes of all images of one batch import request together, in MiB: they are held in memory while the batch is
    /// decoded and embedded. Kestrel's own request limit (30 MB) applies too.
    /// </summary>
    [Range(1, 100)]
    public int MaxBatchMegabytes { get; set; } = 24;

    /// <summary>
    /// Threads of their own that run the decoding and model inference of catalog imports and the backfill, apart from
    /// the thread pool that serves searches (<see cref="Embeddings.BackgroundWorkScheduler"/>); 0 = one per processor.
    /// On 2 cores, 2 threads import 37 % faster than 1 with searches' p99 still within 1.6× of idle (1.4× with 1 thread;
    /// docs/performance.md §5c).
    /// </summary>
    [Range(0, 64)]
    public int BackgroundThreads { get; set; }

    /// <summary>
    /// Range requests of 4 MiB in flight while a cold instance reads the catalog snapshot (<see cref="CatalogSnapshotBlobs"/>):
    /// one stream reads ~60–100 MB/s from Azure Storage, and a million items are ~1.9 GB.
    /// </summary>
    [Range(1, 64)]
    public int SnapshotParallelRanges { get; set; } = CatalogSnapshotBlobs.ParallelRanges;
}
