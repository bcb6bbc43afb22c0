using Azure.Data.Tables;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// Catalog rows on real Azurite: spread over 16 partitions by the id's first hex digit, every partition loaded, and rows
/// of the old single-partition layout ("item") still loaded — by a full load, a delta and a snapshot — with a re-import
/// of such an item replacing it.
/// </summary>
[TestClass]
public sealed class CatalogPartitionTests
{
    [TestMethod]
    public async Task RowsAreSpreadOverSixteenPartitionsAndEveryPartitionIsLoaded()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(5);
        var truth = new Dictionary<string, float[]>();
        using var instance = await CatalogInstance.StartAsync(storage);
        await instance.WriteAsync(CatalogInstance.Items(random, "p", 200), truth);

        var partitions = new Dictionary<string, string>();
        var changeEntries = new List<string>();
        await foreach (var entity in instance.Clients.Catalog.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (entity.RowKey.StartsWith('~'))
            {
                changeEntries.Add($"{entity.PartitionKey}/{entity.RowKey[(entity.RowKey.IndexOf('-') + 1)..]}");
            }
            else
            {
                partitions[entity.RowKey] = entity.PartitionKey;
            }
        }

        var items = partitions.Where(p => p.Value != "meta").ToList();
        Assert.HasCount(200, items);
        CollectionAssert.AreEquivalent(
            items.Select(p => $"{p.Value}/{p.Key}").ToList(), changeEntries, "one change entry per row write, in the row's partition");
        Assert.IsTrue(items.All(p => p.Value == "item-" + p.Key[0]), "each row sits in the partition of its id's first hex digit");
        Assert.HasCount(16, items.Select(p => p.Value).Distinct().ToList());

        using var rows = instance.RowsOnlyProvider();
        var index = await rows.GetAsync(CancellationToken.None);
        CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
        var query = CatalogInstance.Unit(random);
        CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
    }

    [TestMethod]
    public async Task RowsOfTheOldSinglePartitionLayoutStillLoadAndAReimportReplacesThem()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(6);
        var truth = new Dictionary<string, float[]>();
        using var instance = await CatalogInstance.StartAsync(storage);
        foreach (var id in Enumerable.Range(0, 20).Select(i => CatalogInstance.Id("old" + i)))
        {
            truth[id] = CatalogInstance.Unit(random);
            await instance.Clients.Catalog.AddEntityAsync(CatalogInstance.RowWithoutChangeEntry("item", id, truth[id]));
        }

        await instance.WriteAsync(CatalogInstance.Items(random, "new", 30), truth);
        var reimported = CatalogInstance.Item(truth.Keys.First(), CatalogInstance.Unit(random));
        await instance.WriteAsync([reimported], truth);

        // A delta: an old-layout row written after the first load (an instance of the previous version during a rollout,
        // which writes no change entry): found by the scan, which this provider may run at every change.
        using var fromRows = instance.RowsOnlyProvider(scanInterval: TimeSpan.Zero);
        Assert.AreEqual(50, (await fromRows.GetAsync(CancellationToken.None)).Count);
        var late = CatalogInstance.Id("late");
        truth[late] = CatalogInstance.Unit(random);
        await instance.Clients.Catalog.AddEntityAsync(CatalogInstance.RowWithoutChangeEntry("item", late, truth[late]));
        await instance.Store.BumpVersionAsync(CancellationToken.None);
        await fromRows.RefreshAsync(CancellationToken.None);

        Assert.IsNotNull(await instance.Writer.WriteAsync(CancellationToken.None));
        using var cold = await CatalogInstance.StartAsync(storage);
        foreach (var index in new[] { await fromRows.GetAsync(CancellationToken.None), await cold.Provider.GetAsync(CancellationToken.None) })
        {
            CollectionAssert.AreEqual(truth.Keys.Order(StringComparer.Ordinal).ToList(), CatalogInstance.LiveIds(index));
            Assert.AreEqual(reimported.Id, CatalogInstance.Top10(index, reimported.Embeddings[0].Vector)[0], "the re-import (spread partition) wins");
            for (var q = 0; q < 5; q++)
            {
                var query = CatalogInstance.Unit(random);
                CollectionAssert.AreEqual(CatalogInstance.BruteForceTop10(truth, query), CatalogInstance.Top10(index, query));
            }
        }
    }
}
