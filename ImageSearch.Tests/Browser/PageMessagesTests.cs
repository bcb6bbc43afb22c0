using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// Every message the page shows comes from a field of the answer it got: the summary names the answer's tier, models and
/// candidates, the timings line its <c>timings</c>, the cards its <c>results</c>, the history its <c>refinements</c>, the
/// busy state the stages the answer then reports (the error alert is the problem's detail: SearchPageTests); and a healthy
/// answer leaves no warning behind.
/// </summary>
[TestClass]
public sealed partial class PageMessagesTests : BrowserTestBase
{
    [TestMethod]
    public async Task HealthySearchShowsNoWarningAndSaysWhatTheAnswerSays()
    {
        var answer = await JsonOf(await SearchAsync("koala"));

        Assert.IsTrue(answer.GetProperty("sources").EnumerateArray().All(s => s.GetProperty("available").GetBoolean()), answer.GetProperty("sources").ToString());
        await Expect(Page.GetByTestId("warning")).ToBeHiddenAsync();
        var status = Page.GetByTestId("status");
        var ranking = answer.GetProperty("ranking");
        var models = string.Join(", ", ranking.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        await Expect(status).ToContainTextAsync($"ranked by {ranking.GetProperty("tier").GetString()}: {models}");
        await Expect(status).ToContainTextAsync($"{answer.GetProperty("candidates").GetInt32()} candidates");
        await Expect(status).ToContainTextAsync($"{answer.GetProperty("results").GetArrayLength()} results for “{answer.GetProperty("query").GetString()}”");
        CollectionAssert.AreEqual(Strings(answer, "results", "title"), await ResultTextsAsync("title"));
        CollectionAssert.AreEqual(Strings(answer, "results", "source"), await ResultTextsAsync("source"));
        var timings = await Page.GetByTestId("timings").TextContentAsync();
        CollectionAssert.AreEqual(Strings(answer, "timings", "stage"), TimingsLine().Matches(timings!).Select(m => m.Groups[1].Value).ToList(), timings);
        await ScreenshotAsync("healthy-search");
    }

    [TestMethod]
    public async Task HistoryAndEffectiveQueryAreTheAnswersRefinements()
    {
        await SearchAsync("fruit");
        await Page.GetByLabel("Say what to change").FillAsync("no apples, more bananas");

        var answer = await JsonOf(await RunAndWaitForApiAsync("/refine", () => Page.GetByLabel("Say what to change").PressAsync("Enter")));

        await Expect(Page.GetByTestId("effective-query")).ToHaveTextAsync(answer.GetProperty("effectiveQuery").GetString()!);
        var step = answer.GetProperty("refinements").EnumerateArray().Single();
        Assert.AreEqual("feedback", step.GetProperty("kind").GetString());
        var shown = Page.GetByTestId("history-step");
        await Expect(shown).ToHaveAttributeAsync("data-kind", "feedback");
        await Expect(shown).ToContainTextAsync(step.GetProperty("feedback").GetString()!);
        foreach (var term in step.GetProperty("positive").EnumerateArray().Concat(step.GetProperty("negative").EnumerateArray()))
        {
            await Expect(shown).ToContainTextAsync(term.GetString()!);
        }
    }

    [TestMethod]
    [DataRow("search")]
    [DataRow("refine")]
    [DataRow("undo")]
    public async Task BusyStateNamesTheStagesTheAnswerThenReports(string action)
    {
        if (action != "search")
        {
            await SearchAsync("koala");
            await RunAndWaitForApiAsync("/refine", () => Results.First.GetByRole(AriaRole.Button, new() { Name = "Not this" }).ClickAsync());
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync($"**/{action}", async route =>
        {
            await gate.Task;
            await route.ContinueAsync();
        });
        Func<Task> start = action switch
        {
            "search" => async () =>
            {
                await Page.GetByLabel("Search images").FillAsync("a fire truck");
                await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            },
            "refine" => () => Results.First.GetByRole(AriaRole.Button, new() { Name = "More like this" }).ClickAsync(),
            _ => () => Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" }).ClickAsync(),
        };

        string? announced = null;
        var response = await RunAndWaitForApiAsync($"/{action}", async () =>
        {
            await start();
            await Expect(Page.GetByTestId("progress")).ToBeVisibleAsync();
            StringAssert.StartsWith(await Page.Locator("#progress-stages").TextContentAsync(), "Stages: load the session → ");
            announced = await Page.Locator("#progress-stages").GetAttributeAsync("data-stages");
            gate.SetResult();
        });

        CollectionAssert.AreEqual(Strings(await JsonOf(response), "timings", "stage"), announced?.Split(' '),
            "the stages the busy state names are those the answer reports, in order");
    }

    private static async Task<JsonElement> JsonOf(IResponse response) =>
        (await response.JsonAsync()) ?? throw new AssertFailedException($"{response.Url}: no JSON answer");

    private static List<string> Strings(JsonElement answer, string array, string field) =>
        [.. answer.GetProperty(array).EnumerateArray().Select(e => e.GetProperty(field).GetString()!)];

    [GeneratedRegex(@"(?:Server stages: | · )([a-z-]+) [\d.]+ ms")]
    private static partial Regex TimingsLine();
}
