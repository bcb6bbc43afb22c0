using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// The instance's catalog index on real Azurite: a search never waits for a reload (only the very first load), and rows
/// written by another instance (another store over the same tables) arrive as deltas in the background.
/// </summary>
[TestClass]
public sealed class CatalogIndexProviderTests
{
    /// <summary>A full load queries each item partition once: 16 spread by id, plus the legacy single partition.</summary>
    private const int FullLoadQueries = 17;

    [TestMethod]
    public async Task SearchDuringAReloadIsAnsweredFromThePreviousIndex()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var delta = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Changes));
        var (_, provider) = await InstanceAsync(storage, delta);
        var (other, _) = await InstanceAsync(storage);
        await other.SaveAsync(Item("a", 0), [1], CancellationToken.None);
        Assert.IsNotNull((await provider.GetAsync(CancellationToken.None)).Find("a"), "first load");
        await other.SaveAsync(Item("b", 1), [1], CancellationToken.None);

        delta.Arm();
        var refresh = provider.RefreshAsync(CancellationToken.None);
        await delta.Reached.WaitAsync(TimeSpan.FromSeconds(30)); // the reload is now in flight and held

        var pending = provider.GetAsync(CancellationToken.None);
        Assert.IsTrue(pending.IsCompletedSuccessfully, "a search must not wait for the reload");
        var during = await pending;
        Assert.IsNull(during.Find("b"), "the previous index answers");
        Assert.AreEqual("a", during.Nearest(new Embedding("m", Unit(0)), 1).Single().Item.Id);
        Assert.IsFalse(refresh.IsCompleted);

        delta.Release();
        await refresh;
        var after = await provider.GetAsync(CancellationToken.None);
        Assert.AreEqual("b", after.Nearest(new Embedding("m", Unit(1)), 1).Single().Item.Id);
        Assert.AreEqual(2, after.Count);
    }

    [TestMethod]
    public async Task OnlyTheFirstSearchAfterAColdStartWaitsForTheFirstLoad()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var full = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        var (_, provider) = await InstanceAsync(storage, full);
        var (other, _) = await InstanceAsync(storage);
        await other.SaveAsync(Item("a", 0), [1], CancellationToken.None);

        full.Arm();
        var first = provider.GetAsync(CancellationToken.None);
        await full.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsFalse(first.IsCompleted, "nothing loaded yet: the first search waits");

        full.Release();
        Assert.AreEqual(1, (await first).Count);
        await other.SaveAsync(Item("b", 1), [1], CancellationToken.None);
        full.Arm();
        var refresh = provider.RefreshAsync(CancellationToken.None);
        Assert.IsTrue(provider.GetAsync(CancellationToken.None).IsCompletedSuccessfully, "later searches never wait");
        full.Release();
        await refresh;
        Assert.AreEqual(FullLoadQueries, full.Count, "the second change came as a delta, not another full load");
    }

    [TestMethod]
    public async Task ADeltaWrittenByAnotherInstanceShowsUpWithinTheRefreshInterval()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var full = new HoldingPolicy(HoldingPolicy.TableQuery(storage.CatalogTable, HoldingPolicy.TableRead.Full));
        var (_, provider) = await InstanceAsync(storage, full);
        var (other, _) = await InstanceAsync(storage);
        await other.SaveAsync(Item("a", 0), [1], CancellationToken.None);
        using var refresher = new CatalogIndexRefresher(
            provider, TimeProvider.System, Options.Create(new CatalogOptions { RefreshSeconds = 1 }), NullLogger<CatalogIndexRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            Assert.AreEqual(1, (await provider.GetAsync(CancellationToken.None)).Count);

            await other.SaveAsync(Item("b", 1), [1], CancellationToken.None);
            var index = await UntilAsync(provider, i => i.Find("b") is not null, TimeSpan.FromSeconds(10));

            Assert.AreEqual("b", index.Nearest(new Embedding("m", Unit(1)), 1).Single().Item.Id);
            Assert.AreEqual(FullLoadQueries, full.Count, "applied as a delta: the table was read in full once, at the first load");
            Assert.AreEqual(0, index.DeadCount, "rows already applied are not appended again");
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task OwnImportsShowAtOnceAndAreNotAppliedTwice()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var (store, provider) = await InstanceAsync(storage);
        Assert.AreEqual(0, (await provider.GetAsync(CancellationToken.None)).Count);

        var item = Item("a", 0);
        var etag = (await store.SaveAsync(item, [1], CancellationToken.None)).ETag;
        await provider.ApplyAsync([new CatalogRow(item, DateTimeOffset.UtcNow, etag)], CancellationToken.None);
        Assert.IsNotNull((await provider.GetAsync(CancellationToken.None)).Find("a"), "visible without a refresh");

        await provider.RefreshAsync(CancellationToken.None);
        var index = await provider.GetAsync(CancellationToken.None);
        Assert.AreEqual(1, index.Count);
        Assert.AreEqual(1, index.Ordinals, "the refresh skipped the row this instance applied (same ETag)");
    }

    private static async Task<CatalogIndex> UntilAsync(CatalogIndexProvider provider, Func<CatalogIndex, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var index = await provider.GetAsync(cancel.Token);
            if (condition(index))
            {
                return index;
            }

            await Task.Delay(50, cancel.Token);
        }
    }

    private static async Task<(CatalogStore Store, CatalogIndexProvider Provider)> InstanceAsync(StorageOptions storage, HoldingPolicy? policy = null)
    {
        var clients = new StorageClients(Options.Create(storage), policy is null ? [] : [policy]);
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Options.Create(storage)));
        return (store, new CatalogIndexProvider(store, NullLogger<CatalogIndexProvider>.Instance));
    }

    private static CatalogItem Item(string id, int axis) =>
        new(id, id, "", ["t"], "c", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding("m", Unit(axis))]);

    private static float[] Unit(int axis)
    {
        var vector = new float[8];
        vector[axis] = 1;
        return vector;
    }
}
