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
/// Build: the generated items go straight into the product's <see cref="CatalogSnapshotWriter"/> (its overload for rows
/// the table does not hold) as rows an hour older than the watermark, into the persisted blob service. The rows are not
/// written to a table first: at a million items Azurite's in-memory table took 25 min to take them and 31 min to give them
/// back to the writer (and cannot keep them between runs, see <see cref="AzuriteService"/>); the writer's path from the
/// table is the product's and has its own tests. A run starts with an empty table, so its cold start reads the snapshot
/// and an empty delta.
/// </summary>
internal static class ScaleCatalog
{
    /// <summary>Bump when the generated items change: every cached catalog is then rebuilt.</summary>
    public const string DataVersion = "clustered-v1";


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
        await store.BumpVersionAsync(CancellationToken.None);
        var state = await store.GetVersionStateAsync(CancellationToken.None);
        // Every row older than the watermark by more than the 2-minute overlap, as after the app's quiet period: a cold
        // start reads the snapshot and an empty delta.
        var watermark = state.ServerNow - TimeSpan.FromSeconds(1);
        var rowTime = watermark - TimeSpan.FromHours(1);

        var started = Stopwatch.GetTimestamp();
        CatalogSnapshotManifest manifest;
        using (var vectors = File.OpenHandle(ScaleCatalogInfo.TextVectorsFile(folder), FileMode.Create, FileAccess.Write))
        {
            async IAsyncEnumerable<IReadOnlyList<CatalogRow>> Pages()
            {
                for (var start = 0; start < size; start += ClusteredCatalog.Chunk)
                {
                    await Task.Yield();
                    var items = generator.Items(start, Math.Min(ClusteredCatalog.Chunk, size - start));
                    var text = items.SelectMany(i => i.Embeddings.Single(e => e.ModelId == MiniLmTextEmbedder.ModelId).Vector).ToArray();
                    RandomAccess.Write(vectors, MemoryMarshal.AsBytes(text.AsSpan()), (long)start * MiniLmTextEmbedder.Dimensions * sizeof(float));
                    if ((start + items.Count) / Math.Max(1, size / 10) != start / Math.Max(1, size / 10))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {start + items.Count:N0} items after {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s (load {Machine.LoadAverage()})"));
                    }

                    yield return [.. items.Select(item => new CatalogRow(item, rowTime, $"W/\"synthetic-{item.Id}\""))];
                }
            }

            manifest = await new CatalogSnapshotWriter(store, new CatalogSnapshotBlobs(clients), TimeProvider.System, NullLogger<CatalogSnapshotWriter>.Instance)
                .WriteAsync(Pages(), watermark, state.Version, CancellationToken.None) ?? throw new InvalidOperationException("The snapshot was not written.");
        }

        var snapshotSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  snapshot written in {snapshotSeconds:0.0} s: {manifest.Items:N0} items, {manifest.Bytes / 1048576.0:0} MiB (load {Machine.LoadAverage()})"));
        if (manifest.Items != size)
        {
            throw new InvalidOperationException($"The snapshot holds {manifest.Items} items, not {size}.");
        }

        return new ScaleCatalogInfo(size, DataVersion, manifest.Format, manifest.Items, manifest.Bytes, manifest.Watermark, 0, snapshotSeconds,
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
