using ImageSearch.Core.Catalog;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Fetching;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>The web image cache on Azurite: a repeated search fetches nothing; entries expire; refusals are remembered.</summary>
[TestClass]
public sealed class WebCacheTests
{
    private static readonly Uri ImageUrl = new("https://images.example/owl.jpg?sig=abc");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private StorageOptions _storage = null!;

    [TestInitialize]
    public async Task StartAsync() => _storage = await TestEnvironment.UniqueStorageAsync();

    [TestMethod]
    public async Task SecondIdenticalSearchFetchesNothing()
    {
        var duckDuckGo = await FakeDuckDuckGo.StartAsync();
        await using var images = await ImageServer.StartAsync();
        await using var _ = duckDuckGo.Server;
        duckDuckGo.ImagesFor = _ => [.. Enumerable.Range(1, 6).Select(n => images.Url($"/img/{n}.png").AbsoluteUri), images.Url("/status/404").AbsoluteUri];
        using var web = WebServices.Create(new() { ["DuckDuckGo:BaseUrl"] = duckDuckGo.BaseUrl.AbsoluteUri }, allowLoopback: true, storage: _storage);
        var query = new SourceQuery("owl", [], new CompositeQuery([]), CatalogIndex.Empty);

        var first = await web.Source.FindAsync(query, 10, CancellationToken.None);
        var fetchesAfterFirst = images.TotalHits;
        var second = await web.Source.FindAsync(query, 10, CancellationToken.None);

        Assert.AreEqual(7, fetchesAfterFirst);
        Assert.AreEqual(fetchesAfterFirst, images.TotalHits, "neither the images nor the broken URL are fetched again");
        Assert.HasCount(6, second);
        CollectionAssert.AreEqual(first.Select(c => c.ContentHash).ToArray(), second.Select(c => c.ContentHash).ToArray());
        CollectionAssert.AreEqual(first[0].Jpeg, second[0].Jpeg);
    }

    [TestMethod]
    public async Task StoresTheImageByUrlWithoutTheUrlItself()
    {
        var (cache, clients) = await CacheAsync();
        var image = new CachedWebImage(Hash(TestImages.Png(1)), TestImages.Png(1), "An owl", "https://pages.example/owl");

        await cache.SetAsync(ImageUrl, image, CancellationToken.None);
        var hit = (await cache.GetAsync(ImageUrl, CancellationToken.None)).Image;

        Assert.IsNotNull(hit);
        Assert.AreEqual((image.ContentHash, "An owl", "https://pages.example/owl"), (hit.ContentHash, hit.Title, hit.PageUrl));
        CollectionAssert.AreEqual(image.Jpeg, hit.Jpeg);
        await foreach (var row in clients.Tables.GetTableClient(_storage.WebCacheTable).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.IsFalse(row.Any(p => p.Value?.ToString()?.Contains("images.example", StringComparison.Ordinal) == true));
        }
    }

    [TestMethod]
    public async Task EntriesExpireAfterTheirTtl()
    {
        var (cache, _) = await CacheAsync();
        await cache.SetAsync(ImageUrl, new CachedWebImage(Hash(TestImages.Png(2)), TestImages.Png(2), "t", null), CancellationToken.None);

        _clock.Advance(TimeSpan.FromHours(167));
        Assert.IsNotNull((await cache.GetAsync(ImageUrl, CancellationToken.None)).Image);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.AreEqual(WebCacheLookup.Miss, await cache.GetAsync(ImageUrl, CancellationToken.None));
    }

    [TestMethod]
    public async Task RefusalsAreRememberedForTheirShorterTtl()
    {
        var (cache, _) = await CacheAsync();

        await cache.SetRejectedAsync(ImageUrl, FetchRejection.BlockedAddress, CancellationToken.None);

        Assert.AreEqual(FetchRejection.BlockedAddress, (await cache.GetAsync(ImageUrl, CancellationToken.None)).Rejection);
        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.AreEqual(WebCacheLookup.Miss, await cache.GetAsync(ImageUrl, CancellationToken.None));
    }

    [TestMethod]
    public async Task TamperedOrMissingJpegIsAMiss()
    {
        var (cache, clients) = await CacheAsync();
        var bytes = TestImages.Png(3);
        await cache.SetAsync(ImageUrl, new CachedWebImage(Hash(bytes), bytes, "t", null), CancellationToken.None);
        var blob = clients.Blobs.GetBlobContainerClient(_storage.WebCacheContainer).GetBlobClient(Hash(bytes) + ".jpg");

        await blob.UploadAsync(BinaryData.FromBytes(TestImages.Png(4)), overwrite: true);
        Assert.AreEqual(WebCacheLookup.Miss, await cache.GetAsync(ImageUrl, CancellationToken.None));
        await blob.DeleteAsync();
        Assert.AreEqual(WebCacheLookup.Miss, await cache.GetAsync(ImageUrl, CancellationToken.None));
    }

    [TestMethod]
    public async Task UnknownUrlIsAMissEvenBeforeTheTableExists()
    {
        var (cache, _) = await CacheAsync();

        Assert.AreEqual(WebCacheLookup.Miss, await cache.GetAsync(ImageUrl, CancellationToken.None));
    }

    private async Task<(TableWebImageCache Cache, StorageClients Clients)> CacheAsync()
    {
        var clients = new StorageClients(Options.Create(_storage));
        var cache = new TableWebImageCache(clients, Options.Create(_storage), Options.Create(new WebCacheOptions()), _clock);
        await Task.CompletedTask;
        return (cache, clients);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
