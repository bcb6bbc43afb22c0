using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Sessions;

[TestClass]
public sealed class SessionCleanerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private StorageClients _storage = null!;
    private TableSessionStore _store = null!;
    private SessionCleaner _cleaner = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _storage = await TestEnvironment.StorageAsync(await TestEnvironment.UniqueStorageAsync());
        _store = new TableSessionStore(_storage, new SessionImages(new JpegBlobs(_storage)), _clock, NullLogger<TableSessionStore>.Instance);
        _cleaner = NewCleaner();
    }

    [TestMethod]
    public async Task IdleSessionsAndTheirContainersAreDeletedActiveOnesKept()
    {
        var idle = await CreateWithImageAsync();
        _clock.Advance(TimeSpan.FromMinutes(20));
        var active = await CreateWithImageAsync();
        _clock.Advance(TimeSpan.FromMinutes(11)); // idle: 31 min, active: 11 min

        var report = await _cleaner.RunAsync(CancellationToken.None);

        Assert.AreEqual(1, report.SessionsDeleted);
        Assert.IsFalse(await ExistsAsync(idle));
        Assert.IsFalse((await ContainerOf(idle).ExistsAsync()).Value);
        Assert.IsTrue(await ExistsAsync(active));
        Assert.IsTrue((await ContainerOf(active).ExistsAsync()).Value);
    }

    [TestMethod]
    public async Task SessionTouchedJustBeforeTheTimeoutSurvives()
    {
        var session = await CreateWithImageAsync();
        _clock.Advance(TimeSpan.FromMinutes(29));
        await _store.TouchAsync(session, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(29));

        var report = await _cleaner.RunAsync(CancellationToken.None);

        Assert.AreEqual(0, report.SessionsDeleted);
        Assert.IsTrue(await ExistsAsync(session));
    }

    [TestMethod]
    public async Task OverlappingRunsDeleteEachIdleSessionOnceWithoutErrors()
    {
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await CreateWithImageAsync());
        }

        _clock.Advance(TimeSpan.FromMinutes(45));

        var reports = await Task.WhenAll(_cleaner.RunAsync(CancellationToken.None), NewCleaner().RunAsync(CancellationToken.None));

        Assert.AreEqual(12, reports.Sum(r => r.SessionsDeleted));
        foreach (var id in ids)
        {
            Assert.IsFalse(await ExistsAsync(id));
            Assert.IsFalse((await ContainerOf(id).ExistsAsync()).Value);
        }
    }

    [TestMethod]
    public async Task ContainerLeftByAHalfFailedDeleteIsSweptLater()
    {
        var session = await CreateWithImageAsync();
        // A delete that removed the row but died before the container:
        await _storage.Sessions.DeleteEntityAsync(SessionId.StorageKey(session), SessionEntity.Row);
        var fresh = await CreateWithImageAsync();
        await _storage.Blobs.GetBlobContainerClient("unrelated-container").CreateIfNotExistsAsync();

        var report = await _cleaner.RunAsync(CancellationToken.None);

        Assert.AreEqual(0, report.SessionsDeleted);
        Assert.AreEqual(1, report.ContainersDeleted);
        Assert.IsFalse((await ContainerOf(session).ExistsAsync()).Value);
        Assert.IsTrue((await ContainerOf(fresh).ExistsAsync()).Value, "a live session's container stays");
        Assert.IsTrue((await _storage.Blobs.GetBlobContainerClient("unrelated-container").ExistsAsync()).Value);
    }

    private SessionCleaner NewCleaner() =>
        new(_store, new SessionImages(new JpegBlobs(_storage)), _clock, Options.Create(new SessionOptions { IdleTimeoutMinutes = 30 }),
            NullLogger<SessionCleaner>.Instance);

    private async Task<string> CreateWithImageAsync()
    {
        var session = await _store.CreateAsync(CancellationToken.None);
        var container = ContainerOf(session.Id);
        await container.CreateAsync();
        await container.UploadBlobAsync("uploads/1.jpg", BinaryData.FromBytes([1, 2, 3]));
        return session.Id;
    }

    private Azure.Storage.Blobs.BlobContainerClient ContainerOf(string id) =>
        _storage.Blobs.GetBlobContainerClient(SessionImages.ContainerName(SessionId.StorageKey(id)));

    private async Task<bool> ExistsAsync(string id) =>
        (await _storage.Sessions.GetEntityIfExistsAsync<SessionEntity>(SessionId.StorageKey(id), SessionEntity.Row)).HasValue;
}
