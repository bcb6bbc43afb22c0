using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// The catalog's cold load from Table rows versus from the blob snapshot, on a private in-memory Azurite (loopback): N
/// rows of the embedded tier (384-d text + 512-d image, random unit vectors) written with the project's CatalogStore,
/// then: a cold index from every row (16 + 1 partitions read in parallel), the snapshot write (table scan → one blob),
/// once the rows are older than the 2-minute overlap (as after a quiet period), and a cold index from the snapshot plus
/// 1,000 rows written after it (the delta). Prints times, the snapshot's size and this
/// process's RSS. Azurite holds everything in memory, so the size is bounded by this machine (100k by default).
/// With <c>--direct</c> the table rows are skipped: the snapshot blob is written straight from the synthetic items by the
/// product's writer (<see cref="CatalogSnapshotWriter.WriteAsync(IAsyncEnumerable{IReadOnlyList{CatalogRow}}, DateTimeOffset, string, CancellationToken)"/>,
/// the same format code), so 1,000,000 items fit (a ~1.8 GB blob instead of ~3.7 GB of rows plus the blob); then the cold
/// load, the first search and warm searches are measured in process.
/// </summary>
internal static class SnapshotScaleBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes, bool direct)
    {
        await using var azurite = await Azurite.StartAsync();
        foreach (var size in sizes)
        {
            var storage = TestStorage.Unique(azurite);
            // In-memory Azurite on a shared, loaded 2-core machine answers 1,000-row pages slower than the app's 3 s default.
            storage.NetworkTimeoutSeconds = 60;
            try
            {
                await (direct ? MeasureDirectAsync(storage, size) : MeasureAsync(storage, size));
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
            await store.SaveRowAsync(Item(i), token);
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

        // As in production (Catalog__SnapshotQuietSeconds 180 > the 2-minute overlap): the snapshot is written once the last
        // row is older than the overlap window, so the cold start after it re-reads (almost) no rows. The storage clock decides.
        var quietUntil = (await store.GetVersionStateAsync(CancellationToken.None)).ChangedAt + CatalogIndexProvider.Overlap + TimeSpan.FromSeconds(5);
        while ((await store.GetVersionStateAsync(CancellationToken.None)).ServerNow < quietUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
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

        // The rows after the snapshot: a few written now, as imports go on after a snapshot.
        await Parallel.ForEachAsync(Enumerable.Range(size, 1_000), async (i, token) => await store.SaveRowAsync(Item(i), token));
        await store.BumpVersionAsync(CancellationToken.None);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rssRest = Environment.WorkingSet;
        started = Stopwatch.GetTimestamp();
        using var fromSnapshot = new CatalogIndexProvider(store, NullLogger<CatalogIndexProvider>.Instance, new CatalogSnapshotReader(blobs));
        var loaded = (await fromSnapshot.GetAsync(CancellationToken.None)).Count;
        Line(size, $"cold load from the snapshot + a delta of 1,000 newer rows ({loaded:N0} items)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,9:N0} items: RSS before the first load {rssBefore / 1048576.0:0} MiB, before the snapshot load {rssRest / 1048576.0:0} MiB (load average {Machine.LoadAverage()})"));
    }

    private static async Task MeasureDirectAsync(StorageOptions storage, int size)
    {
        var clients = new StorageClients(Options.Create(storage));
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Options.Create(storage)));
        var blobs = new CatalogSnapshotBlobs(clients);
        await store.BumpVersionAsync(CancellationToken.None);
        var state = await store.GetVersionStateAsync(CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var manifest = await new CatalogSnapshotWriter(store, blobs, TimeProvider.System, NullLogger<CatalogSnapshotWriter>.Instance)
            .WriteAsync(Pages(size, state.ServerNow - TimeSpan.FromHours(1)), state.ServerNow - TimeSpan.FromSeconds(1), state.Version, CancellationToken.None)
            ?? throw new InvalidOperationException("no snapshot written");
        Line(size, $"snapshot written from synthetic items ({manifest.Bytes / 1048576.0:0} MiB, {manifest.Bytes / (double)manifest.Items:0} bytes/item)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);

        // Where the load's time goes: the download alone (the blob read to its end, nothing decoded), then the reader alone.
        started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using (var raw = blobs.OpenRead(manifest.Blob, CancellationToken.None))
        {
            await raw.CopyToAsync(Stream.Null, CatalogSnapshotBlobs.TransferBytes);
        }

        Line(size, $"snapshot downloaded alone (one stream, nothing decoded; {Cpu(cpu):0.0} s CPU)", Stopwatch.GetElapsedTime(started).TotalSeconds);
        started = Stopwatch.GetTimestamp();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (pause, gen0, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var alone = await new CatalogSnapshotReader(blobs).LoadAsync(CatalogIndexProvider.Overlap, CancellationToken.None);
        Line(size, $"snapshot read into an index alone ({alone?.Index.Count:N0} items; {Cpu(cpu):0.0} s CPU of this process; GC paused {(GC.GetTotalPauseDuration() - pause).TotalSeconds:0.00} s, " +
            $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} gen0/1/2 collections)", Stopwatch.GetElapsedTime(started).TotalSeconds);
        alone = null;

        AppendStageAlone(size);

        await Parallel.ForEachAsync(Enumerable.Range(size, 1_000), async (i, token) => await store.SaveRowAsync(Item(i), token));
        await store.BumpVersionAsync(CancellationToken.None);
        ImageSearch.Core.Imaging.ResidentMemory.Release();
        var rssRest = Environment.WorkingSet;
        started = Stopwatch.GetTimestamp();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // The provider's own log lines (load time, the collection after it) show where the cold load's time goes.
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        using var provider = new CatalogIndexProvider(store, loggers.CreateLogger<CatalogIndexProvider>(), new CatalogSnapshotReader(blobs));
        var index = await provider.GetAsync(CancellationToken.None);
        var load = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Line(size, $"cold load from the snapshot + a delta of 1,000 newer rows ({index.Count:N0} items; RSS {rssRest / 1048576.0:0} MiB before; {Cpu(cpu):0.0} s CPU)", load, Environment.WorkingSet);

        var random = new Random(7);
        var first = Stopwatch.GetTimestamp();
        index.Nearest(new Embedding(MiniLmTextEmbedder.ModelId, Unit(random, MiniLmTextEmbedder.Dimensions)), 10);
        Line(size, $"first search answered ({Stopwatch.GetElapsedTime(first).TotalMilliseconds:0} ms after the load)", Stopwatch.GetElapsedTime(started).TotalSeconds, Environment.WorkingSet);

        var latencies = new List<double>();
        for (var q = 0; q < 200; q++)
        {
            var query = new Embedding(MiniLmTextEmbedder.ModelId, Unit(random, MiniLmTextEmbedder.Dimensions));
            var t = Stopwatch.GetTimestamp();
            index.Nearest(query, 10);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        var latency = Distribution.Of(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,9:N0} items: warm text search top-10 in process p50 {latency.P50:0.0} ms p95 {latency.P95:0.0} ms | RSS {Environment.WorkingSet / 1048576.0:0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB | load {Machine.LoadAverage()}"));
    }

    /// <summary>The second stage alone (appending decoded items to an index: fp16, int8 codes, local file, columns), on 50,000 items in memory.</summary>
    private static void AppendStageAlone(int size)
    {
        var sample = Enumerable.Range(0, Math.Min(size, 50_000)).Select(Item).ToList();
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _ = new CatalogIndex(sample, "v");
        Line(size, $"append stage alone: {sample.Count:N0} decoded items into an index ({Cpu(cpu):0.00} s CPU)", Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static async IAsyncEnumerable<IReadOnlyList<CatalogRow>> Pages(int size, DateTimeOffset timestamp)
    {
        for (var start = 0; start < size; start += 1_000)
        {
            await Task.Yield();
            yield return [.. Enumerable.Range(start, Math.Min(1_000, size - start)).Select(i => new CatalogRow(Item(i), timestamp, $"W/\"synthetic-{i}\""))];
        }
    }

    private static CatalogItem Item(int i)
    {
        var random = new Random(i);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..24];
        return new CatalogItem(
            id, $"item {i}", "a synthetic catalog item", [$"tag{i % 50}"], $"category{i % 12}", 224, 224, DateTimeOffset.UnixEpoch.AddMinutes(i),
            [new Embedding(MiniLmTextEmbedder.ModelId, Unit(random, MiniLmTextEmbedder.Dimensions)), new Embedding(ResNetImageEmbedder.ModelId, Unit(random, 512))]);
    }

    private static double Cpu(TimeSpan since) => (Process.GetCurrentProcess().TotalProcessorTime - since).TotalSeconds;

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
