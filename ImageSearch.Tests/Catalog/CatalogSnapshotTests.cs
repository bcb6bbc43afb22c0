using Azure.Storage.Blobs.Models;
using ImageSearch.Core.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// The blob snapshot of the catalog index on real Azurite: a cold instance loads it instead of every row, rows written
/// after it arrive as a delta, and whatever happens to the snapshot (a crash before the manifest switch, corruption) the
/// index equals what the rows alone say. Expected rankings are brute force over the vectors the test wrote.
/// </summary>
[TestClass]
public sealed class CatalogSnapshotTests
{
    [TestMethod]
    public async Task ColdInstanceLoadsTheSnapshotWithoutReadingEveryRow()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(1);
        var truth = new Dictionary<string, float[]>();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(CatalogInstance.Items(random, "a", 200), truth);
        var manifest = await writer.Writer.WriteAsync(CancellationToken.None);
        Assert.IsNotNull(manifest);
        Assert.AreEqual(200, manifest.Items);

        // Rows deleted behind the snapshot's back: only a load from the snapshot still has them.
        var deleted = truth.Keys.Take(20).ToList();
        foreach (var id in deleted)
        {
            await writer.DeleteRowAsync(id);
        }

        var fullReads = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var cold = await CatalogInstance.StartAsync(storage, fullReads);
        var index = await cold.Provider.GetAsync(CancellationToken.None);

        Assert.AreEqual(0, fullReads.Count, "no partition was read in full");
        Assert.AreEqual(200, index.Count);
        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
        Assert.IsTrue(deleted.All(id => index.Find(id) is not null), "items only the snapshot holds are searchable");
        for (var q = 0; q < 10; q++)
        {
            var query = CatalogInstance.Unit(random);
            CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
        }

        Assert.IsEmpty(cold.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList());
    }

    [TestMethod]
    public async Task RowsWrittenAfterTheSnapshotArriveAsADeltaAndUnchangedRowsAreNotAppliedTwice()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(2);
        var truth = new Dictionary<string, float[]>();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(CatalogInstance.Items(random, "a", 100), truth);
        Assert.IsNotNull(await writer.Writer.WriteAsync(CancellationToken.None));

        var reimported = truth.Keys.Take(5).Select(id => CatalogInstance.Item(id, CatalogInstance.Unit(random))).ToList();
        await writer.WriteAsync([.. CatalogInstance.Items(random, "b", 30), .. reimported], truth);

        var fullReads = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var cold = await CatalogInstance.StartAsync(storage, fullReads);
        var index = await cold.Provider.GetAsync(CancellationToken.None);

        Assert.AreEqual(0, fullReads.Count);
        Assert.AreEqual(130, index.Count);
        Assert.AreEqual(135, index.Ordinals, "100 from the snapshot, 30 new and 5 re-imported rows; the 95 unchanged rows the delta re-read were skipped by ETag");
        foreach (var item in reimported)
        {
            Assert.AreEqual(item.Id, CatalogInstance.Top10(index, item.Embeddings[0].Vector)[0], "a re-import replaces the snapshot's row");
        }

        for (var q = 0; q < 10; q++)
        {
            var query = CatalogInstance.Unit(random);
            CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
        }
    }

    [TestMethod]
    public async Task ACrashBetweenSnapshotAndManifestSwitchLeavesAnIndexEqualToTheRows()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(3);
        var truth = new Dictionary<string, float[]>();
        using var first = await CatalogInstance.StartAsync(storage);
        await first.WriteAsync(CatalogInstance.Items(random, "a", 100), truth);
        var previous = await first.Writer.WriteAsync(CancellationToken.None);
        Assert.IsNotNull(previous);

        // More rows, then a writer that dies after its snapshot blob is complete, before the manifest names it.
        var reimported = truth.Keys.Take(10).Select(id => CatalogInstance.Item(id, CatalogInstance.Unit(random))).ToList();
        await first.WriteAsync([.. CatalogInstance.Items(random, "b", 40), .. reimported], truth);
        using var crashing = await CatalogInstance.StartAsync(storage, new CrashPolicy(CrashPolicy.BlobWrite(CatalogSnapshotBlobs.ManifestBlob)));
        await Assert.ThrowsAsync<IOException>(() => crashing.Writer.WriteAsync(CancellationToken.None));
        var snapshots = await SnapshotBlobsAsync(first);
        Assert.HasCount(2, snapshots, "the new snapshot blob was written");
        Assert.AreEqual(previous.Blob, (await first.Blobs.ReadManifestAsync(CancellationToken.None)).Manifest?.Blob, "the manifest still names the older snapshot");

        using var cold = await CatalogInstance.StartAsync(storage);
        var fromSnapshot = await cold.Provider.GetAsync(CancellationToken.None);
        using var rowsOnly = cold.RowsOnlyProvider();
        var fromRows = await rowsOnly.GetAsync(CancellationToken.None);

        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(fromSnapshot));
        CollectionAssert.AreEqual(CatalogInstance.LiveIds(fromRows), CatalogInstance.LiveIds(fromSnapshot));
        for (var q = 0; q < 20; q++)
        {
            var query = CatalogInstance.Unit(random);
            var expected = CatalogInstance.BruteForceTop10(truth, query);
            CollectionAssert.AreEqual(expected, CatalogInstance.Top10(fromRows, query), "rows alone");
            CollectionAssert.AreEqual(expected, CatalogInstance.Top10(fromSnapshot, query), "older snapshot + delta");
        }

        // The next complete write switches the manifest and prunes the orphan: the current and the previous snapshot stay.
        var next = await first.Writer.WriteAsync(CancellationToken.None);
        Assert.IsNotNull(next);
        CollectionAssert.AreEquivalent(new[] { previous.Blob, next.Blob }, await SnapshotBlobsAsync(first));
        Assert.AreEqual(140, next.Items);
    }

    [TestMethod]
    [DataRow("flipped byte")]
    [DataRow("truncated")]
    [DataRow("garbage manifest")]
    public async Task ACorruptSnapshotFallsBackToTheRowsWithAWarning(string corruption)
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(4);
        var truth = new Dictionary<string, float[]>();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(CatalogInstance.Items(random, "a", 60), truth);
        var manifest = await writer.Writer.WriteAsync(CancellationToken.None);
        Assert.IsNotNull(manifest);
        await CorruptAsync(writer, manifest, corruption);

        var fullReads = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        using var cold = await CatalogInstance.StartAsync(storage, fullReads);
        var index = await cold.Provider.GetAsync(CancellationToken.None);

        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
        Assert.AreEqual(60, index.Ordinals, "nothing of the corrupt snapshot was kept");
        var query = CatalogInstance.Unit(random);
        CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
        Assert.IsGreaterThan(0, fullReads.Count, "the rows were read in full");
        var warning = cold.Logs.Entries.Single(e => e.Level == LogLevel.Warning);
        StringAssert.StartsWith(warning.Message, "The catalog snapshot is unusable");
    }

    private static async Task CorruptAsync(CatalogInstance instance, CatalogSnapshotManifest manifest, string corruption)
    {
        var container = instance.Clients.CatalogImages;
        if (corruption == "garbage manifest")
        {
            await container.GetBlobClient(CatalogSnapshotBlobs.ManifestBlob).UploadAsync(BinaryData.FromString("{not json"), overwrite: true);
            return;
        }

        var bytes = (await container.GetBlobClient(manifest.Blob).DownloadContentAsync()).Value.Content.ToArray();
        Assert.AreEqual(manifest.Bytes, bytes.Length);
        bytes = corruption == "truncated" ? bytes[..(bytes.Length / 2)] : bytes;
        if (corruption == "flipped byte")
        {
            bytes[bytes.Length / 2] ^= 0x40;
        }

        await container.GetBlobClient(manifest.Blob).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
    }

    private static async Task<List<string>> SnapshotBlobsAsync(CatalogInstance instance)
    {
        var names = new List<string>();
        await foreach (var blob in instance.Clients.CatalogImages.GetBlobsAsync(new GetBlobsOptions { Prefix = CatalogSnapshotBlobs.SnapshotPrefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
