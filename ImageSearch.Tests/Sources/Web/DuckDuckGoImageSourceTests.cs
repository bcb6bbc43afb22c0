using System.Diagnostics;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sources;
using ImageSearch.Tests.Fetching;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>The web source end to end against local servers: partial failures, variations, de-duplication, the deadline.</summary>
[TestClass]
public sealed class DuckDuckGoImageSourceTests
{
    private FakeDuckDuckGo _duckDuckGo = null!;
    private LocalServer _images = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _duckDuckGo = await FakeDuckDuckGo.StartAsync();
        _images = await ImageServer.StartAsync();
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        await _duckDuckGo.Server.DisposeAsync();
        await _images.DisposeAsync();
    }

    [TestMethod]
    public async Task SearchWithBrokenCandidatesStillAnswersWithTheGoodOnes()
    {
        _duckDuckGo.ImagesFor = _ =>
        [
            Image("/img/1.png"), Image("/status/500"), Image("/lying.jpg"), "http://evil.test/a.png", Image("/loop/a"),
            "file:///etc/passwd", Image("/img/2.png"), Image("/corrupt.jpg"), Image("/img/3.png"), Image("/img/4.png"),
        ];
        using var web = Services();
        web.Resolver.Map("evil.test", "169.254.169.254");

        var candidates = await web.Source.FindAsync(Query("kestrel"), 3, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { Image("/img/1.png"), Image("/img/2.png"), Image("/img/3.png") }, candidates.Select(c => c.ImageUrl).ToArray());
        var refused = web.Refusals.Select(e => (FetchRejection)e.Values["Reason"]!).ToHashSet();
        Assert.IsNotEmpty(refused);
        CollectionAssert.IsSubsetOf(refused.ToList(), new[]
        {
            FetchRejection.HttpError, FetchRejection.NotAnImage, FetchRejection.BlockedAddress, FetchRejection.TooManyRedirects, FetchRejection.BadScheme,
        }.ToList());
    }

    [TestMethod]
    public async Task CandidatesCarryTheCleanJpegHashTitleAndPage()
    {
        _duckDuckGo.ImagesFor = _ => [Image("/img/5.png")];
        using var web = Services();

        var candidate = (await web.Source.FindAsync(Query("heron"), 5, CancellationToken.None)).Single();

        Assert.AreEqual("duckduckgo", candidate.Source);
        Assert.AreEqual(Image("/img/5.png"), candidate.ImageUrl);
        Assert.AreEqual("Result 0 for heron", candidate.Title);
        Assert.AreEqual("https://pages.example/0", candidate.PageUrl);
        Assert.AreEqual("pages.example", candidate.Description);
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(candidate.Jpeg!)), candidate.ContentHash);
        Assert.AreEqual(candidate.ContentHash![..24], candidate.Id);
        Assert.IsEmpty(candidate.Embeddings, "the pipeline embeds web candidates");
    }

    [TestMethod]
    public async Task VariationsAreSearchedAndMergedWithoutDuplicateUrlsOrImages()
    {
        _duckDuckGo.ImagesFor = q => q == "cat"
            ? [Image("/img/1.png"), Image("/img/2.png"), Image("/same/1.png")]
            : [Image("/img/2.png"), Image("/img/3.png")];
        using var web = Services();

        var candidates = await web.Source.FindAsync(Query("cat", "kitten"), 10, CancellationToken.None);

        Assert.AreEqual(2, _duckDuckGo.Requests.Count(r => r.Path == "/i.js"));
        CollectionAssert.AreEquivalent(new[] { Image("/img/1.png"), Image("/img/2.png"), Image("/img/3.png") }, candidates.Select(c => c.ImageUrl).ToArray());
        Assert.AreEqual(1, _images.HitsOf("/img/2.png"), "a URL found for two texts is fetched once");
    }

    [TestMethod]
    public async Task DeadlineReturnsWhatArrivedAndAbandonsTheRest()
    {
        _duckDuckGo.ImagesFor = _ => [Image("/img/1.png"), Image("/slow/20000/2.png"), Image("/img/3.png"), Image("/slow/20000/4.png")];
        using var web = Services(new() { ["WebFetch:SearchDeadlineSeconds"] = "1.5", ["WebFetch:TotalTimeoutSeconds"] = "30" });
        var started = Stopwatch.StartNew();

        var candidates = await web.Source.FindAsync(Query("lynx"), 4, CancellationToken.None);

        Assert.IsLessThan(4, started.Elapsed.TotalSeconds);
        CollectionAssert.AreEquivalent(new[] { Image("/img/1.png"), Image("/img/3.png") }, candidates.Select(c => c.ImageUrl).ToArray());
    }

    [TestMethod]
    public async Task ASlowHostCutOffByTheDeadlineIsNotWaitedForAgain()
    {
        // The finding: a slow-drip URL cost every repeat search its full deadline, because cut-offs were not remembered.
        _duckDuckGo.ImagesFor = _ => [Image("/img/1.png"), Image("/slow/20000/2.png"), Image("/img/3.png")];
        using var web = Services(new() { ["WebFetch:SearchDeadlineSeconds"] = "1.5", ["WebFetch:TotalTimeoutSeconds"] = "30" });
        await web.Source.FindAsync(Query("lynx"), 3, CancellationToken.None);
        Assert.AreEqual(1, _images.HitsOf("/slow/20000/2.png"));

        var again = await web.Source.FindAsync(Query("lynx"), 3, CancellationToken.None);

        Assert.AreEqual(1, _images.HitsOf("/slow/20000/2.png"), "the cut-off is remembered like other refusals");
        CollectionAssert.AreEquivalent(new[] { Image("/img/1.png"), Image("/img/3.png") }, again.Select(c => c.ImageUrl).ToArray());
    }

    [TestMethod]
    public async Task AFetchThatHadJustStartedWhenTheDeadlineCameIsTriedAgainNextTime()
    {
        // Two fetches of 1.2 s queue on one worker: the deadline of 1.5 s cuts the second 0.3 s after it started.
        _duckDuckGo.ImagesFor = _ => [Image("/slow/1200/1.png"), Image("/slow/1200/2.png")];
        using var web = Services(new()
        {
            ["WebFetch:SearchDeadlineSeconds"] = "1.5", ["WebFetch:TotalTimeoutSeconds"] = "30", ["WebFetch:MaxConcurrencyPerSearch"] = "1",
        });
        await web.Source.FindAsync(Query("lynx"), 2, CancellationToken.None);
        Assert.AreEqual(1, _images.HitsOf("/slow/1200/2.png"));

        await web.Source.FindAsync(Query("lynx"), 2, CancellationToken.None);

        Assert.AreEqual(2, _images.HitsOf("/slow/1200/2.png"), "cut off 0.3 s into its fetch: not held against the host");
    }

    [TestMethod]
    public async Task FailingDuckDuckGoMakesTheSourceUnavailable()
    {
        _duckDuckGo.AlwaysStatus = 418;
        using var web = Services();

        var e = await Assert.ThrowsExactlyAsync<SourceUnavailableException>(() => web.Source.FindAsync(Query("owl"), 5, CancellationToken.None));

        Assert.AreEqual("duckduckgo", e.SourceName);
        Assert.AreEqual(0, _images.TotalHits);
    }

    [TestMethod]
    public async Task FetchesPerSearchAreBounded()
    {
        _duckDuckGo.ImagesFor = _ => Enumerable.Range(1, 12).Select(n => Image($"/slow/100/{n}.png")).ToList();
        using var web = Services(new() { ["WebFetch:MaxConcurrencyPerSearch"] = "3" });

        var candidates = await web.Source.FindAsync(Query("bee"), 12, CancellationToken.None);

        Assert.HasCount(12, candidates);
        Assert.AreEqual(3, _images.MaxInFlight);
    }

    [TestMethod]
    public async Task ThirtyCandidatesWithDefaultSettingsAreFetchedInParallelNotOneByOne()
    {
        var latencies = Enumerable.Range(0, 30).Select(i => 50 + (i * 450 / 29)).Reverse().ToList();
        _duckDuckGo.ImagesFor = _ => latencies.Select((ms, n) => Image($"/slow/{ms}/{n}.png")).ToList();
        using var web = Services();

        var candidates = await web.Source.FindAsync(Query("crane"), 30, CancellationToken.None);

        // Behaviour, not wall-clock time (the timing is measured by ImageSearch.Benchmarks web, docs/performance.md):
        // with the default limit of 32 per search, the slow fetches overlap instead of queueing.
        Assert.HasCount(30, candidates);
        Assert.IsGreaterThanOrEqualTo(20, _images.MaxInFlight, "fetches in flight at once");
    }

    private string Image(string path) => _images.Url(path).AbsoluteUri;

    private static SourceQuery Query(string text, params string[] variations) => new(text, variations, new CompositeQuery([]), CatalogIndex.Empty);

    private WebServices Services(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["DuckDuckGo:BaseUrl"] = _duckDuckGo.BaseUrl.AbsoluteUri };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return WebServices.Create(all, allowLoopback: true);
    }
}
