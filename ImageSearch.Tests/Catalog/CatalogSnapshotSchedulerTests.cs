using ImageSearch.Core.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Catalog;

/// <summary>Snapshots are batched (quiet period or enough changed rows, never per image) and written by one instance at a time.</summary>
[TestClass]
public sealed class CatalogSnapshotSchedulerTests
{
    [TestMethod]
    public async Task ASnapshotIsDueOnlyAfterEnoughChangesOrAQuietPeriod()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var random = new Random(7);
        using var instance = await CatalogInstance.StartAsync(storage);
        var busy = Scheduler(instance, quietSeconds: 3600, minChanges: 50);
        Assert.IsFalse(await busy.IsDueAsync(CancellationToken.None), "empty catalog");

        await instance.WriteAsync(CatalogInstance.Items(random, "a", 10));
        Assert.IsFalse(await busy.IsDueAsync(CancellationToken.None), "10 changes, not quiet yet");
        await instance.WriteAsync(CatalogInstance.Items(random, "b", 40));
        Assert.IsTrue(await busy.IsDueAsync(CancellationToken.None), "50 changes");

        Assert.IsNotNull(await instance.Writer.WriteAsync(CancellationToken.None));
        Assert.IsFalse(await busy.IsDueAsync(CancellationToken.None), "the snapshot holds the current version");

        // (Changed rows are counted from the watermark, which lies a little before the snapshot's scan: rows written in the
        // last second before it count too. Hence a much larger threshold for "one change is not enough".)
        await instance.WriteAsync(CatalogInstance.Items(random, "c", 1));
        Assert.IsFalse(await Scheduler(instance, quietSeconds: 3600, minChanges: 1000).IsDueAsync(CancellationToken.None), "one change since the snapshot");
        var quiet = Scheduler(instance, quietSeconds: 1, minChanges: 1_000_000);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await quiet.IsDueAsync(timeout.Token))
        {
            await Task.Delay(100, timeout.Token); // the storage clock has to pass the quiet period
        }
    }

    [TestMethod]
    public async Task OnlyOneInstanceWritesASnapshotAtATime()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        using var first = await CatalogInstance.StartAsync(storage);
        using var second = await CatalogInstance.StartAsync(storage);
        await first.WriteAsync(CatalogInstance.Items(new Random(8), "a", 10));

        var lease = await first.Blobs.TryLeaseWriterAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.IsNotNull(lease);
        Assert.IsNull(await second.Writer.WriteAsync(CancellationToken.None), "the lease is held elsewhere");
        Assert.IsNull((await second.Blobs.ReadManifestAsync(CancellationToken.None)).Manifest, "nothing was written");

        await lease.ReleaseAsync();
        var manifest = await second.Writer.WriteAsync(CancellationToken.None);
        Assert.AreEqual(10, manifest?.Items);
    }

    private static CatalogSnapshotScheduler Scheduler(CatalogInstance instance, int quietSeconds, int minChanges) => new(
        instance.Store, instance.Blobs, instance.Writer, TimeProvider.System,
        Options.Create(new CatalogOptions { SnapshotQuietSeconds = quietSeconds, SnapshotMinChanges = minChanges }),
        NullLogger<CatalogSnapshotScheduler>.Instance);
}
