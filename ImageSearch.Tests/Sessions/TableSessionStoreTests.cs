using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Sessions;

[TestClass]
public sealed class TableSessionStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private StorageClients _storage = null!;
    private TableSessionStore _store = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _storage = await TestEnvironment.StorageAsync(await TestEnvironment.UniqueStorageAsync());
        _store = new TableSessionStore(_storage, new SessionImages(new JpegBlobs(_storage)), _clock, NullLogger<TableSessionStore>.Instance);
    }

    [TestMethod]
    public async Task CreatedSessionIdsAreLongRandomAndNeverStoredInClear()
    {
        var a = await _store.CreateAsync(CancellationToken.None);
        var b = await _store.CreateAsync(CancellationToken.None);

        Assert.AreNotEqual(a.Id, b.Id);
        Assert.IsTrue(SessionId.IsWellFormed(a.Id));
        Assert.AreEqual(32, Convert.FromBase64String(a.Id.Replace('-', '+').Replace('_', '/') + "=").Length, "256 random bits");
        await foreach (var row in _storage.Sessions.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            foreach (var (_, value) in row)
            {
                Assert.IsFalse(value?.ToString()?.Contains(a.Id, StringComparison.Ordinal) == true, "the raw id must not be stored");
            }
        }
    }

    [TestMethod]
    public async Task TouchRecordsActivityAndReturnsState()
    {
        var created = await _store.CreateAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(7));

        var touched = await _store.TouchAsync(created.Id, CancellationToken.None);

        Assert.AreEqual(created.CreatedAt, touched.CreatedAt);
        Assert.AreEqual(created.CreatedAt.AddMinutes(7), touched.LastActivity);
    }

    [TestMethod]
    public async Task AStateTooLargeForItsRowIsRefusedAndTheStoredOneIsKept()
    {
        var session = await _store.CreateAsync(CancellationToken.None);
        var stored = await _store.UpdateAsync(session, session.State with { Query = "Ñandú über Dächern" }, CancellationToken.None);
        var random = new Random(3);
        var incompressible = new string([.. Enumerable.Range(0, 100_000).Select(_ => (char)random.Next(0x4E00, 0x9FFF))]);

        var refused = await Assert.ThrowsExactlyAsync<ImageSearchException>(
            () => _store.UpdateAsync(stored, stored.State with { EffectiveQuery = incompressible }, CancellationToken.None));

        Assert.AreEqual("session-full", refused.Code);
        var read = await _store.TouchAsync(session.Id, CancellationToken.None);
        Assert.AreEqual("Ñandú über Dächern", read.State.Query);
        Assert.IsNull(read.State.EffectiveQuery);
    }

    [TestMethod]
    public async Task SecondUpdateWithStaleETagIsRejectedAndFirstIsKept()
    {
        var session = await _store.CreateAsync(CancellationToken.None);
        var read = await _store.TouchAsync(session.Id, CancellationToken.None);

        await _store.UpdateAsync(read, read.State with { Query = "first" }, CancellationToken.None);
        await Assert.ThrowsExactlyAsync<SessionConflictException>(() =>
            _store.UpdateAsync(read, read.State with { Query = "second" }, CancellationToken.None));

        Assert.AreEqual("first", (await _store.TouchAsync(session.Id, CancellationToken.None)).State.Query);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("not-a-session")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("../../etc/passwd")]
    public async Task UnknownOrMalformedIdsAreNotFound(string id) =>
        await Assert.ThrowsExactlyAsync<SessionNotFoundException>(() => _store.TouchAsync(id, CancellationToken.None));

    [TestMethod]
    public async Task DeletedSessionIsGoneWithItsContainer()
    {
        var session = await _store.CreateAsync(CancellationToken.None);
        var container = _storage.Blobs.GetBlobContainerClient(SessionImages.ContainerName(SessionId.StorageKey(session.Id)));
        await container.CreateAsync();

        await _store.DeleteAsync(session.Id, CancellationToken.None);

        await Assert.ThrowsExactlyAsync<SessionNotFoundException>(() => _store.TouchAsync(session.Id, CancellationToken.None));
        Assert.IsFalse((await container.ExistsAsync()).Value);
        await Assert.ThrowsExactlyAsync<SessionNotFoundException>(() => _store.DeleteAsync(session.Id, CancellationToken.None));
    }
}
