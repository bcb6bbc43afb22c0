using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>The tab's session: kept across a reload (its id in sessionStorage), its own per browser context, cleared by Reset.</summary>
[TestClass]
public sealed class SessionTests : BrowserTestBase
{
    [TestMethod]
    public async Task ReloadRestoresImagesResultsAndRefinements()
    {
        await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));
        await Expect(Page.Locator("#uploads .upload-caption")).Not.ToHaveTextAsync("Uploading and captioning…"); // rendered after the response
        var caption = await Page.Locator("#uploads .upload-caption").TextContentAsync();
        await SearchAsync("fruit");
        await Page.GetByLabel("Say what to change").FillAsync("no bananas");
        await RunAndWaitForApiAsync("/refine", () => Page.GetByRole(AriaRole.Button, new() { Name = "Refine", Exact = true }).ClickAsync());
        var ids = await ResultIdsAsync();
        var effective = await Page.GetByTestId("effective-query").TextContentAsync();
        var sessionId = await SessionIdAsync(Page);
        await Page.SetViewportSizeAsync(1280, 1180);
        await ScreenshotAsync("search-page", fullPage: false); // every panel in use: docs/images/search-page.png

        await Page.ReloadAsync();

        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Restored your session: “fruit” and 1 of your images, refined in 1 step.");
        await AssertNoAlarmAsync();
        Assert.AreEqual(sessionId, await SessionIdAsync(Page));
        await Expect(Page.GetByLabel("Search images")).ToHaveValueAsync("fruit");
        await Expect(Page.GetByTestId("effective-query")).ToHaveTextAsync(effective!);
        await Expect(Page.GetByTestId("history-step")).ToHaveCountAsync(1);
        await Expect(Results).ToHaveCountAsync(10);
        CollectionAssert.AreEqual(ids, await ResultIdsAsync());
        var upload = Page.Locator("#uploads .upload");
        await Expect(upload.Locator(".upload-caption")).ToHaveTextAsync(caption!);
        await Expect(upload.GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await Expect(upload.Locator("img")).ToHaveAttributeAsync("src", new Regex("/downloads/")); // the server's clean copy
        await Expect(upload.Locator("img")).ToHaveJSPropertyAsync("complete", true);
        Assert.IsTrue(await upload.Locator("img").EvaluateAsync<bool>("img => img.naturalWidth > 0"), "the preview is drawn");
        await Expect(Results.First.GetByTestId("download")).ToHaveAttributeAsync("href", new Regex("/downloads/"));

        // The restored state is live: Undo works on it.
        await RunAndWaitForApiAsync("/undo", () => Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" }).ClickAsync());
        await Expect(Page.GetByTestId("history-step")).ToHaveCountAsync(0);
    }

    [TestMethod]
    public async Task ResetClearsImagesResultsAndRefinements()
    {
        await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));
        await SetFloorAsync(10);
        await SearchAsync("fruit");
        await Expect(Results).Not.ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();

        await Expect(Page.GetByTestId("status")).ToContainTextAsync("Session reset");
        await AssertNoAlarmAsync();
        await Expect(Results).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("intro")).ToBeVisibleAsync();
        await Expect(Page.Locator("#uploads .upload")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("refine")).ToBeHiddenAsync();
        await Expect(Page.GetByLabel("Search images")).ToHaveValueAsync("");
        await Expect(Page.Locator("#min-score-value")).ToHaveTextAsync("off");
        await Expect(Page.GetByLabel("Search images")).ToBeFocusedAsync();

        await Page.ReloadAsync(); // the server forgot them too
        await Expect(Page.GetByTestId("intro")).ToBeVisibleAsync();
        await Expect(Page.Locator("#uploads .upload")).ToHaveCountAsync(0);
    }

    [TestMethod]
    public async Task TwoBrowserContextsSearchingAtTheSameTimeHaveTheirOwnSessions()
    {
        var other = await OpenAnotherVisitorAsync();

        await Task.WhenAll(SearchAsync("koala"), SearchAsync("a fire truck", other));

        var mine = await SessionIdAsync(Page);
        var theirs = await SessionIdAsync(other);
        Assert.IsFalse(string.IsNullOrEmpty(mine) || string.IsNullOrEmpty(theirs));
        Assert.AreNotEqual(mine, theirs);
        await Expect(Results.First.Locator(".result-title")).ToHaveTextAsync("koala");
        await Expect(other.Locator("#results .result").First.Locator(".result-title")).ToContainTextAsync("fire");

        await Task.WhenAll(Page.ReloadAsync(), other.ReloadAsync());
        await Expect(Page.GetByLabel("Search images")).ToHaveValueAsync("koala");
        await Expect(other.GetByLabel("Search images")).ToHaveValueAsync("a fire truck");
        await Expect(Results.First.Locator(".result-title")).ToHaveTextAsync("koala");
        await Expect(other.Locator("#results .result").First.Locator(".result-title")).ToContainTextAsync("fire");
    }
}
