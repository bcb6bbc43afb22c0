using ImageSearch.Core.Sources;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>The token flow, paging, retries on rate limiting and the circuit breaker, against a fake DuckDuckGo on 127.0.0.1.</summary>
[TestClass]
public sealed class DuckDuckGoClientTests
{
    private FakeDuckDuckGo _duckDuckGo = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _duckDuckGo = await FakeDuckDuckGo.StartAsync();
        _duckDuckGo.ImagesFor = q => Enumerable.Range(0, 250).Select(i => $"https://images.example/{q.Replace(' ', '-')}/{i}.jpg").ToList();
    }

    [TestCleanup]
    public async Task StopAsync() => await _duckDuckGo.Server.DisposeAsync();

    [TestMethod]
    public async Task FollowsTheTokenFlowWithBrowserHeaders()
    {
        using var web = Services();

        var results = await web.DuckDuckGo.SearchAsync("red fox", 50, CancellationToken.None);

        Assert.HasCount(100, results, "one whole page");
        Assert.AreEqual("https://images.example/red-fox/0.jpg", results[0].Image.AbsoluteUri);
        Assert.AreEqual("Result 0 for red fox", results[0].Title);
        Assert.AreEqual("https://pages.example/0", results[0].Page?.AbsoluteUri);
        Assert.AreEqual((32, 24), (results[0].Width, results[0].Height));
        var requests = _duckDuckGo.Requests.ToList();
        Assert.HasCount(2, requests);
        Assert.AreEqual("/", requests[0].Path);
        Assert.AreEqual("red fox", requests[0].Query["q"].ToString());
        var page = requests[1];
        Assert.AreEqual("/i.js", page.Path);
        Assert.AreEqual(("json", "red fox", "wt-wt", FakeDuckDuckGo.Token, "1", "0"),
            (page.Query["o"].ToString(), page.Query["q"].ToString(), page.Query["l"].ToString(), page.Query["vqd"].ToString(),
             page.Query["p"].ToString(), page.Query["s"].ToString()));
        Assert.StartsWith("Mozilla/5.0", page.UserAgent);
        Assert.AreEqual(_duckDuckGo.BaseUrl.AbsoluteUri, page.Referer);
    }

    [TestMethod]
    [DataRow("vqd=\"" + FakeDuckDuckGo.Token + "\"")]
    [DataRow("vqd='" + FakeDuckDuckGo.Token + "'")]
    [DataRow("/d.js?q=x&vqd=" + FakeDuckDuckGo.Token + "&p=1")]
    public async Task FindsTheTokenInEachFormThePageUses(string markup)
    {
        _duckDuckGo.TokenMarkup = markup;
        using var web = Services();

        Assert.IsNotEmpty(await web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None));
    }

    [TestMethod]
    public async Task PagesWithTheNextOffsetUntilEnoughResults()
    {
        using var web = Services(new() { ["DuckDuckGo:MaxPages"] = "5" });

        var results = await web.DuckDuckGo.SearchAsync("owl", 150, CancellationToken.None);

        Assert.HasCount(200, results);
        Assert.AreEqual(200, results.Select(r => r.Image).Distinct().Count());
        CollectionAssert.AreEqual(new[] { "0", "100" }, _duckDuckGo.Requests.Where(r => r.Path == "/i.js").Select(r => r.Query["s"].ToString()).ToArray());
    }

    [TestMethod]
    [DataRow(202)]
    [DataRow(403)]
    [DataRow(418)]
    [DataRow(429)]
    public async Task RateLimitedAnswersAreRetriedWithBackoff(int status)
    {
        _duckDuckGo.ScriptedStatuses.Enqueue(status);
        _duckDuckGo.ScriptedStatuses.Enqueue(status);
        using var web = Services();

        var results = await web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None);

        Assert.IsNotEmpty(results);
        Assert.AreEqual(3, _duckDuckGo.Requests.Count(r => r.Path == "/i.js"));
    }

    [TestMethod]
    public async Task PersistentRateLimitingMakesTheSourceUnavailableThenOpensTheCircuit()
    {
        _duckDuckGo.AlwaysStatus = 429;
        using var web = Services(new() { ["DuckDuckGo:BreakAfterFailures"] = "3", ["DuckDuckGo:BreakSeconds"] = "60" });

        var first = await Assert.ThrowsExactlyAsync<SourceUnavailableException>(() => web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None));
        var attempts = _duckDuckGo.Requests.Count;
        var second = await Assert.ThrowsExactlyAsync<SourceUnavailableException>(() => web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None));

        Assert.AreEqual("duckduckgo", first.SourceName);
        Assert.Contains("rate limited", first.Reason);
        Assert.AreEqual(3, attempts, "the first try and 2 retries");
        Assert.Contains("circuit open", second.Reason);
        Assert.AreEqual(attempts, _duckDuckGo.Requests.Count, "an open circuit sends nothing");
    }

    [TestMethod]
    public async Task PageWithoutTokenMakesTheSourceUnavailable()
    {
        _duckDuckGo.TokenMarkup = "";
        using var web = Services();

        var e = await Assert.ThrowsExactlyAsync<SourceUnavailableException>(() => web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None));

        Assert.Contains("vqd", e.Reason);
    }

    [TestMethod]
    public async Task UnreachableDuckDuckGoMakesTheSourceUnavailable()
    {
        var port = _duckDuckGo.Server.Port;
        await _duckDuckGo.Server.DisposeAsync();
        using var web = Services(new() { ["DuckDuckGo:BaseUrl"] = $"http://127.0.0.1:{port}" });

        await Assert.ThrowsExactlyAsync<SourceUnavailableException>(() => web.DuckDuckGo.SearchAsync("owl", 10, CancellationToken.None));
    }

    private WebServices Services(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["DuckDuckGo:BaseUrl"] = _duckDuckGo.BaseUrl.AbsoluteUri };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return WebServices.Create(all);
    }
}
