using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Fetching;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Sources.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Api;

/// <summary>
/// The web source inside the real app: a fake DuckDuckGo and an image server on loopback (opened for this test only, in
/// code), the catalog beside them, results merged, web results shown and downloaded through session links, and a
/// failing DuckDuckGo reported while the catalog still answers.
/// </summary>
[TestClass]
public sealed class WebSearchApiTests
{
    private FakeDuckDuckGo _duckDuckGo = null!;
    private LocalServer _images = null!;
    private ImageSearchApp _app = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _duckDuckGo = await FakeDuckDuckGo.StartAsync();
        _images = await ImageServer.StartAsync();
        _duckDuckGo.ImagesFor = _ => [.. Enumerable.Range(1, 6).Select(n => _images.Url($"/img/{n}.png").AbsoluteUri), _images.Url("/lying.jpg").AbsoluteUri];
        _app = await ImageSearchApp.StartAsync(
            services => services.PostConfigure<SafeFetchOptions>(o => o.PermitLoopbackForLocalTesting()),
            "--Search:Sources=catalog,duckduckgo", $"--DuckDuckGo:BaseUrl={_duckDuckGo.BaseUrl.AbsoluteUri}",
            "--DuckDuckGo:MaxRetries=0");
        await _app.ImportAsync(DemoStamp.All().Take(4).ToList());
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _images.DisposeAsync();
        await _duckDuckGo.Server.DisposeAsync();
    }

    [TestMethod]
    public async Task WebAndCatalogResultsAreMergedAndWebResultsDownloadThroughTheSession()
    {
        var id = await _app.CreateSessionAsync();

        var response = await _app.PostOkAsync($"api/sessions/{id}/search", new { query = "a picture", top = 10 });

        var sources = response.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
        Assert.IsTrue(sources["duckduckgo"].GetProperty("available").GetBoolean());
        Assert.AreEqual(6, sources["duckduckgo"].GetProperty("candidates").GetInt32(), "six images, the lying one dropped");
        var results = response.GetProperty("results").EnumerateArray().ToList();
        Assert.AreEqual(10, results.Count);
        var web = results.Where(r => r.GetProperty("source").GetString() == "duckduckgo").ToList();
        Assert.IsNotEmpty(web);
        Assert.IsTrue(results.Any(r => r.GetProperty("source").GetString() == "catalog"));
        foreach (var result in web)
        {
            var link = result.GetProperty("downloadUrl").GetString()!;
            Assert.AreEqual(link, result.GetProperty("imageUrl").GetString(), "web images are shown through the session link, not hotlinked");
            using var download = await _app.Client.GetAsync(link.TrimStart('/'));
            Assert.AreEqual(HttpStatusCode.OK, download.StatusCode);
            Assert.AreEqual("JPEG", Image.DetectFormat(await download.Content.ReadAsByteArrayAsync())?.Name);
        }

        var fetched = _images.TotalHits;
        await _app.PostOkAsync($"api/sessions/{id}/search", new { query = "a picture", top = 10 });
        Assert.AreEqual(fetched, _images.TotalHits, "the second identical search fetches no image again");
    }

    [TestMethod]
    public async Task WebSearchesPastTheClientsWebBudgetAre429AndAnotherClientStillSearches()
    {
        await using var app = await StartWebAppAsync("--Quotas:WebSearchesPerMinutePerClient=2");
        const string client = "198.51.100.20";
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await app.CreateSessionAsync());
        }

        for (var i = 0; i < 2; i++)
        {
            using var answered = await app.Client.SendAsync(SearchFrom(client, sessions[i]));
            Assert.AreEqual(HttpStatusCode.OK, answered.StatusCode, await answered.Content.ReadAsStringAsync());
        }

        var fetched = _images.TotalHits;
        using var refused = await app.Client.SendAsync(SearchFrom(client, sessions[2]));
        Assert.AreEqual((HttpStatusCode)429, refused.StatusCode);
        StringAssert.EndsWith(JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString(), "/too-many-requests");
        Assert.IsTrue(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.AreEqual(fetched, _images.TotalHits, "a refused search fetches nothing");

        using var other = await app.Client.SendAsync(SearchFrom("198.51.100.21", sessions[2]));
        Assert.AreEqual(HttpStatusCode.OK, other.StatusCode);
    }

    [TestMethod]
    public async Task ALongSessionKeepsAtMostTheConfiguredWebImagesAndAlwaysTheOnesShown()
    {
        _duckDuckGo.ImagesFor = q => [.. Enumerable.Range(q == "first" ? 1 : q == "second" ? 7 : 13, 6).Select(n => _images.Url($"/img/{n}.png").AbsoluteUri)];
        await using var app = await StartWebAppAsync("--Search:MaxStoredWebImagesPerSession=8");
        var id = await app.CreateSessionAsync();
        var stored = new List<int>();
        JsonElement last = default;
        foreach (var query in new[] { "first", "second", "third" })
        {
            last = await app.PostOkAsync($"api/sessions/{id}/search", new { query, top = 10 });
            stored.Add(await WebImageCountAsync(app, id));
        }

        CollectionAssert.AreEqual(new[] { 6, 8, 8 }, stored, "6 shown, then never more than 8");
        foreach (var result in last.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("source").GetString() == "duckduckgo"))
        {
            using var download = await app.Client.GetAsync(result.GetProperty("downloadUrl").GetString()!.TrimStart('/'));
            Assert.AreEqual(HttpStatusCode.OK, download.StatusCode, "the images shown last are kept");
        }
    }

    [TestMethod]
    public async Task HostileImagesFromTheWebAreSkippedAndTheSearchGoesOnForEveryone()
    {
        // The finding: one hostile image among DuckDuckGo's results made the whole search a 500, for everyone searching
        // those words. The whole upload corpus is served here next to three good images.
        await using var hostile = await LocalServer.StartAsync(app =>
            app.MapGet("/hostile/{kind}", (string kind) => Results.Bytes(HostileImages.Of(kind), "image/png")));
        _duckDuckGo.ImagesFor = _ =>
            [.. HostileImages.Expected.Select(h => hostile.Url($"/hostile/{h.Kind}").AbsoluteUri), .. Enumerable.Range(1, 3).Select(n => _images.Url($"/img/{n}.png").AbsoluteUri)];

        for (var attempt = 0; attempt < 2; attempt++) // the second search meets the cached refusals
        {
            var id = await _app.CreateSessionAsync();
            var response = await _app.PostOkAsync($"api/sessions/{id}/search", new { query = "a picture", top = 10 });

            var web = response.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "duckduckgo");
            Assert.IsTrue(web.GetProperty("available").GetBoolean(), web.ToString());
            Assert.AreEqual(3, web.GetProperty("candidates").GetInt32(), "only the three good images");
            Assert.AreEqual(3, response.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("source").GetString() == "duckduckgo"));
        }
    }

    [TestMethod]
    public async Task FailingDuckDuckGoIsReportedAndTheCatalogStillAnswers()
    {
        _duckDuckGo.AlwaysStatus = 429;
        var id = await _app.CreateSessionAsync();

        var response = await _app.PostOkAsync($"api/sessions/{id}/search", new { query = "a picture" });

        var web = response.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "duckduckgo");
        Assert.IsFalse(web.GetProperty("available").GetBoolean());
        Assert.IsFalse(string.IsNullOrEmpty(web.GetProperty("reason").GetString()));
        Assert.AreEqual(4, response.GetProperty("results").GetArrayLength());
        Assert.IsTrue(response.GetProperty("results").EnumerateArray().All(r => r.GetProperty("source").GetString() == "catalog"));
    }

    private Task<ImageSearchApp> StartWebAppAsync(params string[] settings) => ImageSearchApp.StartAsync(
        services => services.PostConfigure<SafeFetchOptions>(o => o.PermitLoopbackForLocalTesting()),
        ["--Search:Sources=catalog,duckduckgo", $"--DuckDuckGo:BaseUrl={_duckDuckGo.BaseUrl.AbsoluteUri}", "--DuckDuckGo:MaxRetries=0", .. settings]);

    private static HttpRequestMessage SearchFrom(string client, string sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{sessionId}/search") { Content = JsonContent.Create(new { query = "a picture" }) };
        request.Headers.Add("X-Forwarded-For", client);
        return request;
    }

    private static async Task<int> WebImageCountAsync(ImageSearchApp app, string sessionId)
    {
        var container = app.Storage.Blobs.GetBlobContainerClient(SessionImages.ContainerName(SessionId.StorageKey(sessionId)));
        var count = 0;
        await foreach (var blob in container.GetBlobsAsync())
        {
            count += blob.Name.StartsWith("results/", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
