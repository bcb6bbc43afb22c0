using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// The catalog's cold load from Table rows versus from the blob snapshot, on a private in-memory Azurite (loopback): N
/// rows of the embedded tier (384-d text + 512-d image, random unit vectors) written with the project's CatalogStore,
/// then: a cold index from every row (16 + 1 partitions read in parallel), the snapshot write (table scan → one blob),
/// and a cold index from the snapshot (+ the delta after its watermark). Prints times, the snapshot's size and this
/// process's RSS. Azurite holds everything in memory, so the size is bounded by this machine (100k by default).
/// </summary>
internal static class SnapshotScaleBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        await using var azurite = await Azurite.StartAsync();
        foreach (var size in sizes)
        {
            var storage = TestStorage.Unique(azurite);
            // In-memory Azurite on a shared, loaded 2-core machine answers 1,000-row pages slower than the app's 3 s default.
            storage.NetworkTimeoutSeconds = 60;
            try
            {
                await MeasureAsync(storage, size);
            }
            finally
            {
                await TestStorage.DeleteAsync(storage);
            }

            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private static async Task MeasureAsync(StorageOptions storage, int size)
    {
        var clients = new StorageClients(Options.Create(storage));
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Options.Create(storage)));
        var blobs = new CatalogSnapshotBlobs(clients);

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            var random = new Random(i);
            var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..24];
            await store.SaveRowAsync(new CatalogItem(
                id, $"item {i}", "a synthetic catalog item", [$"tag{i % 50}"], $"category{i % 12}", 224, 224, DateTimeOffset.UnixEpoch.AddMinutes(i),
                [new Embedding(MiniLmTextEmbedder.ModelId, Unit(random, MiniLmTextEmbedder.Dimensions)), new Embedding(ResNetImageEmbedder.ModelId, Unit(random, 512))]), token);
        });
        await store.BumpVersionAsync(CancellationToken.None);
        Line(size, "rows written", Stopwatch.GetElapsedTime(started).TotalSeconds);

        var rssBefore = Environment.WorkingSet;
        started = Stopwatch.GetTimestamp();
        using (var rows = new CatalogIndexProvider(store, NullLogger<CatalogIndexProvider>.Instance))
        {
            var count = (await rows.GetAsync(CancellationToken.None)).Count;
            Line(size, $"cold load from every row ({count:N0} items)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        started = Stopwatch.GetTimestamp();
        var manifest = await new CatalogSnapshotWriter(store, blobs, TimeProvider.System, NullLogger<CatalogSnapshotWriter>.Instance).WriteAsync(CancellationToken.None)
            ?? throw new InvalidOperationException("no snapshot written");
        Line(size, $"snapshot written ({manifest.Bytes / 1048576.0:0} MiB, {manifest.Bytes / (double)manifest.Items:0} bytes/item)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);

        // The snapshot alone (what a cold start reads for every row older than the watermark minus the 2-minute overlap).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        started = Stopwatch.GetTimestamp();
        var alone = await new CatalogSnapshotReader(blobs).LoadAsync(CatalogIndexProvider.Overlap, CancellationToken.None);
        Line(size, $"snapshot read into an index ({alone?.Index.Count:N0} items)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);
        alone = null;

        // Here every row is younger than the overlap window, so the delta after the snapshot re-reads every row (skipped by ETag);
        // a real cold start re-reads only the rows of the last two minutes before the snapshot and those after it.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rssRest = Environment.WorkingSet;
        started = Stopwatch.GetTimestamp();
        using var fromSnapshot = new CatalogIndexProvider(store, NullLogger<CatalogIndexProvider>.Instance, new CatalogSnapshotReader(blobs));
        var loaded = (await fromSnapshot.GetAsync(CancellationToken.None)).Count;
        Line(size, $"cold load from the snapshot + delta, all rows inside the overlap window here ({loaded:N0} items)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,9:N0} items: RSS before the first load {rssBefore / 1048576.0:0} MiB, before the snapshot load {rssRest / 1048576.0:0} MiB (load average {Machine.LoadAverage()})"));
    }

    private static void Line(int size, string what, double seconds, long? rss = null) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,9:N0} items: {what}: {seconds:0.0} s{(rss is { } r ? $" | RSS {r / 1048576.0:0} MiB" : "")} | load {Machine.LoadAverage()}"));

    private static float[] Unit(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
