using System.Net;
using ImageSearch.Core.Fetching;
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
}
