using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>Text search, the relevance floor, the busy state with Cancel, error messages and the empty states.</summary>
[TestClass]
public sealed class SearchPageTests : BrowserTestBase
{
    [TestMethod]
    public async Task TypingAQueryShowsRankedImagesWithScoresSourcesAndTimings()
    {
        await Expect(Page.GetByTestId("intro")).ToContainTextAsync("Nothing searched yet");

        await Page.GetByLabel("Search images").FillAsync("koala");
        await RunAndWaitForApiAsync("/search", () => Page.Keyboard.PressAsync("Enter"));

        await Expect(Results).ToHaveCountAsync(10);
        await Expect(Results.First.Locator(".result-title")).ToHaveTextAsync(new Regex("koala", RegexOptions.IgnoreCase));
        var scores = await ScoresAsync();
        CollectionAssert.AreEqual(scores.OrderByDescending(v => v).ToList(), scores, "scores best first");
        CollectionAssert.AreEqual(Enumerable.Repeat("catalog", 10).ToList(), await ResultTextsAsync("source"));
        await Expect(Page.GetByTestId("status")).ToContainTextAsync("10 results for “koala” · ranked by embedded");
        await Expect(Page.GetByTestId("timings")).ToHaveTextAsync(new Regex(@"^Server stages: session [\d.]+ ms · embed [\d.]+ ms · fetch [\d.]+ ms · embed-candidates [\d.]+ ms · rank [\d.]+ ms · save [\d.]+ ms$"));
        await Expect(Page.GetByTestId("progress")).ToBeHiddenAsync();
        var firstImage = Results.First.Locator("img");
        await Expect(firstImage).ToHaveAttributeAsync("alt", new Regex("koala", RegexOptions.IgnoreCase));
        Assert.IsTrue(await firstImage.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the image loaded");
        await ScreenshotAsync("search-results");
    }

    [TestMethod]
    public async Task RelevanceFloorReducesTheNumberOfResults()
    {
        await SearchAsync("koala");
        await Expect(Results).ToHaveCountAsync(10);
        var scores = await ScoresAsync();
        Assert.IsTrue(scores[0] > 0.45f && scores[9] < 0.45f, "the floor below cuts this list: " + string.Join(", ", scores));

        await SetFloorAsync(45);
        await Expect(Page.Locator("#min-score-value")).ToHaveTextAsync("≥ 0.45");
        var response = await SearchAsync("koala");

        Assert.AreEqual(0.45, BodyOf(response).GetProperty("minScore").GetDouble(), 1e-9);
        var floored = await ScoresAsync();
        Assert.AreEqual(scores.Count(s => s >= 0.45f), floored.Count, string.Join(", ", floored));
        Assert.IsTrue(floored.All(s => s >= 0.45f), string.Join(", ", floored));
    }

    [TestMethod]
    public async Task FloorAboveEveryScoreShowsTheEmptyState()
    {
        await SetFloorAsync(99);
        await SearchAsync("koala");

        await Expect(Results).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("empty")).ToContainTextAsync("No results above the relevance floor");
        await Expect(Page.GetByTestId("empty")).ToContainTextAsync("0.99");
        await Expect(Page.GetByTestId("status")).ToContainTextAsync("No results for “koala”");
    }

    [TestMethod]
    public async Task ProblemDetailOfATooLongQueryIsShown()
    {
        ExpectedConsoleErrors.Add("Failed to load resource: the server responded with a status of 400");
        await SearchAsync("koala");

        var response = await SearchAsync(new string('a', 501));

        Assert.AreEqual(400, response.Status);
        Assert.AreEqual("application/problem+json", response.Headers["content-type"].Split(';')[0]);
        var detail = (await response.JsonAsync())!.Value.GetProperty("detail").GetString();
        Assert.AreEqual("The query is longer than 500 characters.", detail);
        var error = Page.GetByRole(AriaRole.Alert);
        await Expect(error).ToHaveTextAsync(detail!); // the message is the problem's detail
        await Expect(Page.GetByTestId("warning")).ToBeHiddenAsync();
        await Expect(Results).ToHaveCountAsync(10); // the last good results stay, and the page says so
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("The results below are from before.");
        await ScreenshotAsync("error");
        await SearchAsync("koala");
        await Expect(error).ToBeHiddenAsync();
    }

    [TestMethod]
    public async Task CancelStopsARunningSearchAndKeepsThePreviousResults()
    {
        await SearchAsync("koala");
        var koalaIds = await ResultIdsAsync();
        var release = await HoldSearchRequestsAsync();
        var aborted = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        Page.RequestFailed += (_, request) =>
        {
            if (request.Url.EndsWith("/search", StringComparison.Ordinal))
            {
                aborted.TrySetResult(request);
            }
        };

        await Page.GetByLabel("Search images").FillAsync("a fire truck");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        // The busy state: what runs, the stages, a counter, Cancel; the search button is off.
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Searching for “a fire truck”…");
        await Expect(Page.GetByTestId("progress")).ToContainTextAsync(
            "Stages: load the session → embed the query → fetch candidates → embed the candidates → rank → save the session");
        await Expect(Page.Locator("#progress-elapsed")).ToHaveTextAsync(new Regex(@"^\d+\.\d s$"));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Searching…" })).ToBeDisabledAsync();
        await Expect(Page.GetByTestId("results")).ToHaveAttributeAsync("aria-busy", "true");
        await ScreenshotAsync("busy");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Cancelled. The results below are from before.");
        await Expect(Page.GetByTestId("progress")).ToBeHiddenAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeHiddenAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeEnabledAsync();
        await Expect(Page.GetByLabel("Search images")).ToBeFocusedAsync();
        // Cancel aborted the request in the browser: no answer to it can reach the page any more.
        var dropped = await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        StringAssert.Contains(dropped.Failure, "ERR_ABORTED");
        release();
        CollectionAssert.AreEqual(koalaIds, await ResultIdsAsync());
    }

    [TestMethod]
    public async Task EscapeCancelsARunningSearch()
    {
        var release = await HoldSearchRequestsAsync();
        await Page.GetByLabel("Search images").FillAsync("koala");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByTestId("progress")).ToBeVisibleAsync();

        await Page.Keyboard.PressAsync("Escape");

        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Cancelled.");
        await Expect(Page.GetByTestId("intro")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Search images")).ToHaveValueAsync("koala"); // Escape did not clear the box
        release();
    }

    /// <summary>
    /// Holds every search request in the browser until the returned action runs (then lets it through). A test that fails
    /// before releasing must not leave a handler waiting while the context closes, so a held request is let go after
    /// 60 s at the latest (every assertion of these tests gives up long before).
    /// </summary>
    private async Task<Action> HoldSearchRequestsAsync()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync("**/search", async route =>
        {
            await Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // The page already dropped the request (that is what Cancel does).
            }
        });
        return gate.SetResult;
    }
}
