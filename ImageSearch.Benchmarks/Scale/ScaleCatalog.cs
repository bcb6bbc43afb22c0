using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// The scale benchmark's catalogs, built once and cached (never in the repository) under
/// <c>$IMAGESEARCH_BENCH_CACHE</c>, else <c>$XDG_CACHE_HOME/imagesearch-bench</c>, else <c>~/.cache/imagesearch-bench</c>:
/// per size a folder named by the size, <see cref="DataVersion"/> and the app's snapshot format (so a format change builds
/// a new one) holding the blob store of a persisted Azurite with the catalog's snapshot (the only copy of the catalog the
/// app reads, as after a quiet period in production), the items' fp32 text vectors in item order (the exact reference
/// for recall) and <c>complete.json</c>, written last (a folder without it is rebuilt).
/// Build: rows through <see cref="CatalogStore.SaveRowAsync"/> (32 in flight, no image: the batched
/// <see cref="CatalogStore.SaveAllAsync"/> stores a JPEG per item, and an in-memory blob service holding a million of them
/// grew by ~11 KB per blob here, more than the rows themselves) into an in-memory table service, then, once the last row is
/// older than the 2-minute overlap, the snapshot with <see cref="CatalogSnapshotWriter"/> into the persisted blob service.
/// The rows are not kept (see <see cref="AzuriteService"/>): a run starts with an empty table, so its cold start reads the
/// snapshot and an empty delta.
/// </summary>
internal static class ScaleCatalog
{
    /// <summary>Bump when the generated items change: every cached catalog is then rebuilt.</summary>
    public const string DataVersion = "clustered-v1";

    private const int ChunksInFlight = 2;
    private const int RowsInFlightPerChunk = 16;

    public static string Root =>
        Environment.GetEnvironmentVariable("IMAGESEARCH_BENCH_CACHE") is { Length: > 0 } configured ? configured
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "imagesearch-bench");

    /// <summary>Storage names of the cached catalog (and of every run against it).</summary>
    public static StorageOptions Storage(string connectionString, int timeoutSeconds = 3) =>
        new() { ConnectionString = connectionString, NetworkTimeoutSeconds = timeoutSeconds };

    /// <summary>
    /// The snapshot format the app writes today, without reading its internals: an empty snapshot written with the public
    /// writer into scratch storage names its format in the manifest.
    /// </summary>
    public static async Task<int> ProbeSnapshotFormatAsync(AzuriteService blob, AzuriteService table)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var storage = Storage(AzuriteService.ConnectionString(blob, table));
        (storage.CatalogTable, storage.CatalogContainer) = ("probe" + suffix, "probe-" + suffix);
        var clients = new StorageClients(Options.Create(storage));
        await clients.Catalog.CreateIfNotExistsAsync();
        await clients.CatalogImages.CreateIfNotExistsAsync();
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Options.Create(storage)));
        var manifest = await new CatalogSnapshotWriter(store, new CatalogSnapshotBlobs(clients), TimeProvider.System, NullLogger<CatalogSnapshotWriter>.Instance)
            .WriteAsync(CancellationToken.None) ?? throw new InvalidOperationException("The probe snapshot was not written.");
        await clients.Catalog.DeleteAsync();
        await clients.CatalogImages.DeleteIfExistsAsync();
        return manifest.Format;
    }

    public static string Folder(int size, int snapshotFormat) =>
        Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"scale-{size}-{DataVersion}-snapshot{snapshotFormat}"));

    /// <summary>The folder of a complete cached catalog, building it first when there is none.</summary>
    public static async Task<ScaleCatalogInfo> EnsureAsync(int size, int snapshotFormat, Func<ClusteredCatalog> generator)
    {
        var folder = Folder(size, snapshotFormat);
        if (ScaleCatalogInfo.TryRead(folder) is { } cached)
        {
            Console.WriteLine($"Cached catalog: {folder} (built {cached.BuiltAt:yyyy-MM-dd HH:mm} UTC)");
            return cached;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // an interrupted build
        }

        Directory.CreateDirectory(folder);
        Console.WriteLine($"Building the {size:N0}-item catalog into {folder} ...");
        var info = await BuildAsync(folder, size, generator());
        info.Write(folder);
        return info;
    }

    private static async Task<ScaleCatalogInfo> BuildAsync(string folder, int size, ClusteredCatalog generator)
    {
        await using var blob = await AzuriteService.StartBlobAsync(ScaleCatalogInfo.BlobFolder(folder));
        await using var table = await AzuriteService.StartTableAsync();
        var storage = Storage(AzuriteService.ConnectionString(blob, table), timeoutSeconds: 120);
        var clients = new StorageClients(Options.Create(storage));
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Options.Create(storage)));

        var started = Stopwatch.GetTimestamp();
        using (var vectors = File.OpenHandle(ScaleCatalogInfo.TextVectorsFile(folder), FileMode.Create, FileAccess.Write))
        {
            var done = 0;
            var chunks = Enumerable.Range(0, (size + ClusteredCatalog.Chunk - 1) / ClusteredCatalog.Chunk).Select(c => c * ClusteredCatalog.Chunk);
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ChunksInFlight }, async (start, ct) =>
            {
                var items = generator.Items(start, Math.Min(ClusteredCatalog.Chunk, size - start));
                var text = items.SelectMany(i => i.Embeddings.Single(e => e.ModelId == MiniLmTextEmbedder.ModelId).Vector).ToArray();
                RandomAccess.Write(vectors, MemoryMarshal.AsBytes(text.AsSpan()), (long)start * MiniLmTextEmbedder.Dimensions * sizeof(float));
                await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = RowsInFlightPerChunk, CancellationToken = ct },
                    async (item, token) => await store.SaveRowAsync(item, token));
                var total = Interlocked.Add(ref done, items.Count);
                if (total / Math.Max(1, size / 10) != (total - items.Count) / Math.Max(1, size / 10))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {total:N0} rows after {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s (table service RSS {table.RssMegabytes():0} MiB, load {Machine.LoadAverage()})"));
                }
            });
        }

        await store.BumpVersionAsync(CancellationToken.None);
        var rowsSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rows written in {rowsSeconds:0.0} s; waiting until the last is older than the 2-minute overlap"));

        // As after the app's quiet period (Catalog__SnapshotQuietSeconds 180 > the overlap): no row sits in the window a cold start re-reads.
        var quietUntil = (await store.GetVersionStateAsync(CancellationToken.None)).ChangedAt + CatalogIndexProvider.Overlap + TimeSpan.FromSeconds(5);
        while ((await store.GetVersionStateAsync(CancellationToken.None)).ServerNow < quietUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        started = Stopwatch.GetTimestamp();
        var manifest = await new CatalogSnapshotWriter(store, new CatalogSnapshotBlobs(clients), TimeProvider.System, NullLogger<CatalogSnapshotWriter>.Instance)
            .WriteAsync(CancellationToken.None) ?? throw new InvalidOperationException("The snapshot was not written.");
        var snapshotSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  snapshot written in {snapshotSeconds:0.0} s: {manifest.Items:N0} items, {manifest.Bytes / 1048576.0:0} MiB (table service RSS {table.RssMegabytes():0} MiB, load {Machine.LoadAverage()})"));
        if (manifest.Items != size)
        {
            throw new InvalidOperationException($"The snapshot holds {manifest.Items} items, not {size}.");
        }

        return new ScaleCatalogInfo(size, DataVersion, manifest.Format, manifest.Items, manifest.Bytes, manifest.Watermark, rowsSeconds, snapshotSeconds,
            DateTimeOffset.UtcNow, Machine.LoadAverage(), generator.ToString());
    }
}

/// <summary>What complete.json of a cached catalog records: its identity and how its build went.</summary>
internal sealed record ScaleCatalogInfo(
    int Size, string DataVersion, int SnapshotFormat, long Items, long SnapshotBytes, DateTimeOffset Watermark, double RowsSeconds, double SnapshotSeconds,
    DateTimeOffset BuiltAt, string BuildLoad, string Vectors)
{
    public static string BlobFolder(string folder) => Path.Combine(folder, "blob");

    public static string TextVectorsFile(string folder) => Path.Combine(folder, "text-vectors.f32");

    public static ScaleCatalogInfo? TryRead(string folder)
    {
        var marker = Path.Combine(folder, "complete.json");
        return File.Exists(marker) ? JsonSerializer.Deserialize<ScaleCatalogInfo>(File.ReadAllText(marker)) : null;
    }

    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, "complete.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
}
