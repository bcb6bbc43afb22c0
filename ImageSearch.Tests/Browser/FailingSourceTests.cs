using ImageSearch.Core.Fetching;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Sources.Web;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// A source that really fails: the app searches the catalog and a DuckDuckGo that answers every request 429 (the fake on
/// loopback). The page shows the results from the catalog and one warning that names DuckDuckGo with the reason the
/// answer gives, and says nothing against the catalog.
/// </summary>
[TestClass]
public sealed class FailingSourceTests : BrowserTestBase
{
    private FakeDuckDuckGo _duckDuckGo = null!;

    protected override async Task<ImageSearchApp> StartAppAsync()
    {
        _duckDuckGo = await FakeDuckDuckGo.StartAsync();
        _duckDuckGo.AlwaysStatus = 429;
        var app = await ImageSearchApp.StartAsync(
            services => services.PostConfigure<SafeFetchOptions>(o => o.PermitLoopbackForLocalTesting()),
            "--Search:Sources=catalog,duckduckgo", $"--DuckDuckGo:BaseUrl={_duckDuckGo.BaseUrl.AbsoluteUri}", "--DuckDuckGo:MaxRetries=0");
        await app.ImportAsync([.. DemoStamp.All().Where(s => s.Category == "animals").Take(6)]);
        return app;
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        await App.DisposeAsync();
        await _duckDuckGo.Server.DisposeAsync();
    }

    [TestMethod]
    public async Task WarningNamesTheFailedSourceAndItsReasonWhileTheCatalogAnswers()
    {
        var response = await SearchAsync("an animal", alarmExpected: true);

        var answer = (await response.JsonAsync())!.Value;
        var failed = answer.GetProperty("sources").EnumerateArray().Single(s => !s.GetProperty("available").GetBoolean());
        Assert.AreEqual("duckduckgo", failed.GetProperty("name").GetString());
        var reason = failed.GetProperty("reason").GetString()!;
        Assert.IsFalse(string.IsNullOrWhiteSpace(reason));
        var warning = Page.GetByTestId("warning");
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToHaveTextAsync($"Source duckduckgo is unavailable ({reason}); results come from the others.");
        await Expect(warning).Not.ToContainTextAsync("catalog");
        await Expect(Results).ToHaveCountAsync(6);
        CollectionAssert.AreEqual(Enumerable.Repeat("catalog", 6).ToList(), await ResultTextsAsync("source"));
        await Expect(Page.GetByTestId("error")).ToBeHiddenAsync();
        await ScreenshotAsync("failing-source");
    }
}
