using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Ranking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// One app instance's catalog services over shared (Azurite) storage, as DI would build them, with its own log collector
/// and optional storage pipeline policies (to count or fail requests). Plus the test's own model of the catalog: the
/// vectors it wrote, ranked by brute force, so expected results never come from the code under test.
/// </summary>
internal sealed class CatalogInstance : IDisposable
{
    public const string Model = "m";
    public const int Dimensions = 16;

    private readonly LoggerFactory _loggers;

    private CatalogInstance(StorageOptions storage, HttpPipelinePolicy[] policies)
    {
        Clients = new StorageClients(Options.Create(storage), policies);
        Store = new CatalogStore(Clients, new CatalogImages(new JpegBlobs(Clients), Options.Create(storage)));
        Blobs = new CatalogSnapshotBlobs(Clients, rangeBytes: 64 * 1024, parallelRanges: 4); // small ranges: a test snapshot spans several, read in parallel
        _loggers = new LoggerFactory([Logs]);
        Writer = new CatalogSnapshotWriter(Store, Blobs, TimeProvider.System, _loggers.CreateLogger<CatalogSnapshotWriter>());
        Provider = new CatalogIndexProvider(Store, _loggers.CreateLogger<CatalogIndexProvider>(), new CatalogSnapshotReader(Blobs));
    }

    public LogCollector Logs { get; } = new();

    public StorageClients Clients { get; }

    public CatalogStore Store { get; }

    public CatalogSnapshotBlobs Blobs { get; }

    public CatalogSnapshotWriter Writer { get; }

    /// <summary>This instance's index, loaded from the snapshot when there is one.</summary>
    public CatalogIndexProvider Provider { get; }

    public static async Task<CatalogInstance> StartAsync(StorageOptions storage, params HttpPipelinePolicy[] policies)
    {
        var instance = new CatalogInstance(storage, policies);
        await instance.Clients.EnsureCreatedAsync(CancellationToken.None);
        return instance;
    }

    /// <summary>An index over the same rows that never looks at a snapshot: what the rows alone say.</summary>
    /// <param name="scanInterval">How often its deltas may scan for rows without change entries (zero: whenever the catalog changed).</param>
    public CatalogIndexProvider RowsOnlyProvider(TimeSpan? scanInterval = null) =>
        new(Store, _loggers.CreateLogger<CatalogIndexProvider>(), scanInterval: scanInterval);

    /// <summary>Writes rows for the items (and bumps the version once), recording their vectors at fp16 precision in <paramref name="truth"/>.</summary>
    public async Task WriteAsync(IEnumerable<CatalogItem> items, Dictionary<string, float[]>? truth = null)
    {
        foreach (var item in items)
        {
            await Store.SaveRowAsync(item, CancellationToken.None);
            truth?.Remove(item.Id);
            truth?.Add(item.Id, Fp16.Round(item.Embeddings.Single().Vector)); // what the index holds: fp16
        }

        await Store.BumpVersionAsync(CancellationToken.None);
    }

    /// <summary>Deletes an item's row wherever it sits (found by its row key, not by the code's partition mapping).</summary>
    public async Task DeleteRowAsync(string id)
    {
        await foreach (var entity in Clients.Catalog.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}")))
        {
            await Clients.Catalog.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }
    }

    public void Dispose()
    {
        Provider.Dispose();
        _loggers.Dispose();
        Logs.Dispose();
    }

    /// <summary>
    /// An item row written the way the previous versions wrote rows — alone, without a change entry (the single-partition
    /// layout used <paramref name="partition"/> "item") — as an instance of such a version does during a rollout.
    /// </summary>
    public static TableEntity RowWithoutChangeEntry(string partition, string id, float[] vector) => new(partition, id)
    {
        ["Title"] = "old " + id,
        ["Description"] = "",
        ["Tags"] = "t",
        ["Category"] = "c",
        ["Width"] = 1,
        ["Height"] = 1,
        ["ImportedAt"] = DateTimeOffset.UnixEpoch,
        ["EmbeddingModels"] = Model,
        ["emb_" + Model] = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(),
    };

    /// <summary>A content-hash-like item id (24 hex digits) for <paramref name="seed"/>.</summary>
    public static string Id(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];

    public static CatalogItem Item(string id, float[] vector) =>
        new(id, "title " + id, "", ["t"], "c", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding(Model, vector)]);

    public static List<CatalogItem> Items(Random random, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Item(Id(prefix + i), Unit(random)))];

    public static float[] Unit(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    /// <summary>The ten ids with the highest dot product with <paramref name="query"/>, best first (brute force over the test's vectors).</summary>
    public static List<string> BruteForceTop10(Dictionary<string, float[]> truth, float[] query) =>
        [.. truth.OrderByDescending(p => p.Value.Zip(query, (a, b) => (double)a * b).Sum()).Take(10).Select(p => p.Key)];

    public static List<string> Top10(CatalogIndex index, float[] query) =>
        [.. index.Nearest(new Embedding(Model, query), 10).Select(s => s.Item.Id)];

    public static List<string> LiveIds(CatalogIndex index) => [.. index.LiveOrdinals().Select(o => index.Columns.Id(o)).Order(StringComparer.Ordinal)];
}
