using System.Text.RegularExpressions;

namespace ImageSearch.Tests.Browser;

[TestClass]
public sealed class SearchPageTests : BrowserTestBase
{
    [TestMethod]
    public async Task TypingAQueryShowsRankedImagesWithScores()
    {
        await Page.GetByLabel("Search images").FillAsync("koala");
        await Page.Keyboard.PressAsync("Enter");

        var cards = Page.Locator("#results .result");
        await Expect(cards).ToHaveCountAsync(10);
        await Expect(cards.First.Locator(".result-title")).ToHaveTextAsync(new Regex("koala", RegexOptions.IgnoreCase));
        var scores = await Page.Locator("#results .result-score").AllTextContentsAsync();
        var values = scores.Select(s => float.Parse(Regex.Match(s, @"-?\d+\.\d{3}").Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        CollectionAssert.AreEqual(values.OrderByDescending(v => v).ToList(), values, "scores best first");
        await Expect(Page.Locator("#status")).ToContainTextAsync("embedded");
        var firstImage = cards.First.Locator("img");
        await Expect(firstImage).ToHaveAttributeAsync("alt", new Regex("koala", RegexOptions.IgnoreCase));
        Assert.IsTrue(await firstImage.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the image loaded");
        await ScreenshotAsync("search-results");
    }

    [TestMethod]
    public async Task SessionSurvivesReloadAndResetClearsIt()
    {
        await Page.Locator("#query").FillAsync("a fire truck");
        await Page.Locator("#search").ClickAsync();
        await Expect(Page.Locator("#results .result").First).ToBeVisibleAsync();
        var sessionId = await Page.EvaluateAsync<string>("() => Object.values(sessionStorage).join()");

        await Page.ReloadAsync();
        await Expect(Page.Locator("#results .result").First.Locator(".result-title")).ToContainTextAsync("fire");
        Assert.AreEqual(sessionId, await Page.EvaluateAsync<string>("() => Object.values(sessionStorage).join()"));

        await Page.Locator("#reset").ClickAsync();
        await Expect(Page.Locator("#results .result")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#status")).ToContainTextAsync("reset", new() { IgnoreCase = true });
    }
}
