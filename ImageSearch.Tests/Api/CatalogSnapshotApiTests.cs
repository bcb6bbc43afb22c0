using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Core.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Api;

/// <summary>
/// The real app, restarted on the same storage after a snapshot was written: the new instance answers the same search
/// with the same items, from the snapshot, or — when the snapshot is corrupt — from the rows, with a warning and no 5xx.
/// </summary>
[TestClass]
public sealed class CatalogSnapshotApiTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task ARestartedInstanceAnswersFromTheSnapshotOrFromTheRowsWhenTheSnapshotIsCorrupt(bool corrupt)
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var stamps = DemoStamp.All().Take(8).ToList();
        var query = stamps[0].Description;
        List<string> before;
        int size;
        await using (var first = await ImageSearchApp.StartAsync(storage, null))
        {
            size = await first.ImportAsync(stamps);
            var manifest = await first.App.Services.GetRequiredService<CatalogSnapshotWriter>().WriteAsync(CancellationToken.None);
            Assert.AreEqual(size, manifest?.Items);
            before = Ids(await first.SearchAsync(await first.CreateSessionAsync(), query));
            if (corrupt)
            {
                var blob = first.Storage.CatalogImages.GetBlobClient(manifest!.Blob);
                var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
                bytes[bytes.Length / 2] ^= 0x21;
                await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
            }
        }

        using var logs = new LogCollector();
        await using var second = await ImageSearchApp.StartAsync(storage, services => services.AddLogging(b => b.AddProvider(logs)));
        var after = Ids(await second.SearchAsync(await second.CreateSessionAsync(), query)); // fails the test on any non-2xx

        Assert.AreEqual(8, size);
        CollectionAssert.AreEqual(before, after);
        var health = await second.Client.GetFromJsonAsync<JsonElement>("api/health");
        Assert.AreEqual(size, health.GetProperty("catalogSize").GetInt32());
        var unusable = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("The catalog snapshot is unusable", StringComparison.Ordinal)).ToList();
        var fromSnapshot = logs.Entries.Where(e => e.Message.StartsWith($"Loaded catalog index of {size} items from its snapshot", StringComparison.Ordinal)).ToList();
        Assert.HasCount(corrupt ? 1 : 0, unusable);
        Assert.HasCount(corrupt ? 0 : 1, fromSnapshot);
    }

    private static List<string> Ids(JsonElement search) =>
        [.. search.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
}
