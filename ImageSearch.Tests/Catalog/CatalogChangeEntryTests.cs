using Azure.Core;
using ImageSearch.Core.Catalog;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// Deltas through the rows' change entries: read by key, not by a scan of every row (Table Storage does not index
/// <c>Timestamp</c>); rows written without entries (the previous version during a rollout) found by the scan at its interval.
/// </summary>
[TestClass]
public sealed class CatalogChangeEntryTests
{
    [TestMethod]
    public async Task ADeltaIsReadByKeyAndPointReadsNeverByScanningEveryRow()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var scans = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Scan));
        var ranges = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Changes));
        var pointReads = new HoldingPolicy(PointRead(storage.CatalogTable));
        var random = new Random(11);
        var truth = new Dictionary<string, float[]>();
        using var writer = await CatalogInstance.StartAsync(storage);
        await writer.WriteAsync(CatalogInstance.Items(random, "base", 60), truth);
        using var reader = await CatalogInstance.StartAsync(storage, scans, ranges, pointReads);
        using var provider = reader.RowsOnlyProvider();
        Assert.AreEqual(60, (await provider.GetAsync(CancellationToken.None)).Count);
        var (rangesAtLoad, pointReadsAtLoad) = (ranges.Count, pointReads.Count);
        Assert.AreEqual(0, pointReadsAtLoad);

        // Another instance adds three items and re-imports one with a new vector.
        var reimported = CatalogInstance.Item(truth.Keys.First(), CatalogInstance.Unit(random));
        await writer.WriteAsync([.. CatalogInstance.Items(random, "new", 3), reimported], truth);
        await provider.RefreshAsync(CancellationToken.None);

        var index = await provider.GetAsync(CancellationToken.None);
        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
        Assert.AreEqual(reimported.Id, CatalogInstance.Top10(index, reimported.Embeddings[0].Vector)[0]);
        for (var q = 0; q < 5; q++)
        {
            var query = CatalogInstance.Unit(random);
            CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
        }

        Assert.AreEqual(0, scans.Count, "no query filtered every row on its timestamp");
        Assert.AreEqual(17, ranges.Count - rangesAtLoad, "one key range of change entries per item partition");
        Assert.AreEqual(4, pointReads.Count, "a point read per changed row, none for the 60 unchanged (written seconds before the load)");

        // The next change reads only its own row: entries already applied are not read again.
        await writer.WriteAsync(CatalogInstance.Items(random, "later", 1), truth);
        await provider.RefreshAsync(CancellationToken.None);
        Assert.AreEqual(5, pointReads.Count);
        Assert.AreEqual(0, scans.Count);
        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(await provider.GetAsync(CancellationToken.None)));
    }

    [TestMethod]
    public async Task RowsWrittenWithoutChangeEntriesAreFoundByTheScanAtItsInterval()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(12);
        var truth = new Dictionary<string, float[]>();
        using var instance = await CatalogInstance.StartAsync(storage);
        await instance.WriteAsync(CatalogInstance.Items(random, "base", 20), truth);
        using var scanningDaily = instance.RowsOnlyProvider(scanInterval: TimeSpan.FromDays(1));
        using var scanningAtEveryChange = instance.RowsOnlyProvider(scanInterval: TimeSpan.Zero);
        Assert.AreEqual(20, (await scanningDaily.GetAsync(CancellationToken.None)).Count);
        Assert.AreEqual(20, (await scanningAtEveryChange.GetAsync(CancellationToken.None)).Count);

        // An instance of the previous version writes a row the way it did: alone, no change entry.
        var late = CatalogInstance.Id("written by the previous version");
        await instance.Clients.Catalog.AddEntityAsync(CatalogInstance.RowWithoutChangeEntry("item-" + late[0], late, CatalogInstance.Unit(random)));
        await instance.Store.BumpVersionAsync(CancellationToken.None);
        await scanningDaily.RefreshAsync(CancellationToken.None);
        await scanningAtEveryChange.RefreshAsync(CancellationToken.None);

        Assert.IsNull((await scanningDaily.GetAsync(CancellationToken.None)).Find(late), "change entries cannot show it: it waits for the next scan");
        Assert.IsNotNull((await scanningAtEveryChange.GetAsync(CancellationToken.None)).Find(late), "the scan finds it");

        // Rows written with entries reach both, whatever their scan interval.
        var next = CatalogInstance.Items(random, "next", 2);
        await instance.WriteAsync(next, truth);
        await scanningDaily.RefreshAsync(CancellationToken.None);
        await scanningAtEveryChange.RefreshAsync(CancellationToken.None);
        foreach (var provider in new[] { scanningDaily, scanningAtEveryChange })
        {
            var index = await provider.GetAsync(CancellationToken.None);
            Assert.IsTrue(next.All(i => index.Find(i.Id) is not null));
        }
    }

    [TestMethod]
    public async Task AnInstanceDoesNotReadBackTheRowsItStoredItself()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var pointReads = new HoldingPolicy(PointRead(storage.CatalogTable));
        var random = new Random(13);
        var truth = new Dictionary<string, float[]>();
        using var instance = await CatalogInstance.StartAsync(storage, pointReads);
        await instance.WriteAsync(CatalogInstance.Items(random, "base", 5), truth);
        using var provider = instance.RowsOnlyProvider();
        Assert.AreEqual(5, (await provider.GetAsync(CancellationToken.None)).Count);

        // As the importer does: store a batch, hand the stored rows (with their change entries' keys) to the index.
        var own = CatalogInstance.Items(random, "own", 3);
        var writes = await instance.Store.SaveAllAsync([.. own.Select(item => (item, new byte[] { 1 }))], CancellationToken.None);
        await provider.ApplyAsync(
            [.. own.Select((item, i) => new CatalogRow(item, DateTimeOffset.UtcNow, writes[i].ETag, writes[i].ChangeKey))], CancellationToken.None);
        await provider.RefreshAsync(CancellationToken.None); // the version changed: a delta runs

        Assert.AreEqual(0, pointReads.Count, "its own rows are not read back");
        Assert.AreEqual(8, (await provider.GetAsync(CancellationToken.None)).Count);
        Assert.AreEqual(0, (await provider.GetAsync(CancellationToken.None)).DeadCount, "nothing applied twice");
    }

    /// <summary>A read of one item row by its keys (<c>GET /table(PartitionKey='item-…',RowKey='…')</c>; not the version row).</summary>
    private static Func<HttpMessage, bool> PointRead(string table) => message =>
        message.Request.Method == RequestMethod.Get
        && Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains($"/{table}(PartitionKey='item", StringComparison.Ordinal);
}
