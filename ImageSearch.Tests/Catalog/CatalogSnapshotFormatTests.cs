using System.Text.Json.Nodes;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Ranking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// The snapshot's format on real Azurite: what goes in comes out (UTF-8 text, tags, sizes, every model's vector at the
/// fp16 precision the index holds, identical to a load from the rows), and a snapshot of an older format is read as the
/// rows with a warning and replaced by the scheduler at once.
/// </summary>
[TestClass]
public sealed class CatalogSnapshotFormatTests
{
    [TestMethod]
    public async Task ASnapshotRoundTripsTextAndTheFp16VectorsExactlyAsTheRowsLoad()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(12);
        var items = Enumerable.Range(0, 30).Select(i => new CatalogItem(
            CatalogInstance.Id($"u{i}"), $"Café n°{i} – 猫 🐈", i % 2 == 0 ? "" : new string('é', 300 + i) + " Straße", i % 3 == 0 ? [] : ["rot", $"Ünïcode{i}"],
            i % 2 == 0 ? "Tiere" : "", 100 + i, 200 + i, DateTimeOffset.UnixEpoch.AddDays(i),
            i % 5 == 0
                ? [new Embedding("text", Unit(random, 384))]
                : [new Embedding("text", Unit(random, 384)), new Embedding("image", Unit(random, 512))])).ToList();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(items);
        Assert.IsNotNull(await writer.Writer.WriteAsync(CancellationToken.None));

        var fullReads = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var cold = await CatalogInstance.StartAsync(storage, fullReads);
        var fromSnapshot = await cold.Provider.GetAsync(CancellationToken.None);
        Assert.AreEqual(0, fullReads.Count, "loaded from the snapshot");
        using var rowsOnly = cold.RowsOnlyProvider();
        var fromRows = await rowsOnly.GetAsync(CancellationToken.None);

        foreach (var item in items)
        {
            var loaded = fromSnapshot.Find(item.Id)!;
            var fromRow = fromRows.Find(item.Id)!;
            Assert.AreEqual((item.Title, item.Description, item.Category, item.Width, item.Height, item.ImportedAt), (loaded.Title, loaded.Description, loaded.Category, loaded.Width, loaded.Height, loaded.ImportedAt));
            CollectionAssert.AreEqual(item.Tags.ToArray(), loaded.Tags.ToArray());
            Assert.HasCount(item.Embeddings.Count, loaded.Embeddings);
            foreach (var embedding in item.Embeddings)
            {
                var expected = Fp16.Round(embedding.Vector);
                CollectionAssert.AreEqual(expected, loaded.Embeddings.Single(e => e.ModelId == embedding.ModelId).Vector, "snapshot: fp16 of the row's vector");
                CollectionAssert.AreEqual(expected, fromRow.Embeddings.Single(e => e.ModelId == embedding.ModelId).Vector, "rows: the same values");
            }
        }

        Assert.IsEmpty(cold.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList());
    }

    [TestMethod]
    public async Task ASnapshotOfAnOlderFormatIsReadAsTheRowsAndReplacedAtOnce()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(13);
        var truth = new Dictionary<string, float[]>();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(CatalogInstance.Items(random, "a", 50), truth);
        Assert.IsNotNull(await writer.Writer.WriteAsync(CancellationToken.None));
        await SetManifestFormatAsync(writer, 1); // as a version that wrote fp32 vectors left it

        var fullReads = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var cold = await CatalogInstance.StartAsync(storage, fullReads);
        var index = await cold.Provider.GetAsync(CancellationToken.None);

        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
        Assert.IsGreaterThan(0, fullReads.Count, "the rows were read in full");
        StringAssert.StartsWith(cold.Logs.Entries.Single(e => e.Level == LogLevel.Warning).Message, "The catalog snapshot is unusable");

        var scheduler = new CatalogSnapshotScheduler(
            writer.Store, writer.Blobs, writer.Writer, TimeProvider.System,
            Options.Create(new CatalogOptions { SnapshotQuietSeconds = 3600, SnapshotMinChanges = 1000 }), NullLogger<CatalogSnapshotScheduler>.Instance);
        Assert.IsTrue(await scheduler.IsDueAsync(CancellationToken.None), "due although the catalog version did not change");
        var replaced = await writer.Writer.WriteAsync(CancellationToken.None);
        Assert.AreEqual(2, replaced?.Format, "the format this version writes (fp16 vectors)");
        Assert.IsFalse(await scheduler.IsDueAsync(CancellationToken.None), "the new snapshot holds the current version");

        var after = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var next = await CatalogInstance.StartAsync(storage, after);
        Assert.AreEqual(50, (await next.Provider.GetAsync(CancellationToken.None)).Count);
        Assert.AreEqual(0, after.Count, "the next cold start loads the new snapshot");
        Assert.IsEmpty(next.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList());
    }

    private static async Task SetManifestFormatAsync(CatalogInstance instance, int format)
    {
        var blob = instance.Clients.CatalogImages.GetBlobClient(CatalogSnapshotBlobs.ManifestBlob);
        var json = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        json["format"] = format;
        await blob.UploadAsync(BinaryData.FromString(json.ToJsonString()), overwrite: true);
    }

    private static float[] Unit(Random random, int dimensions)
    {
        var vector = Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
