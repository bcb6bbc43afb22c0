using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>The feedback box, the effective query, the refinement history and Undo.</summary>
[TestClass]
public sealed partial class RefinementPanelTests : BrowserTestBase
{
    private ILocator History => Page.GetByTestId("history-step");

    [TestMethod]
    public async Task FeedbackNoApplesRemovesApplesAndUndoBringsTheFirstResultsBack()
    {
        await SearchAsync("fruit");
        var fruitIds = await ResultIdsAsync();
        await Expect(Page.GetByTestId("effective-query")).ToHaveTextAsync("fruit");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" })).ToBeDisabledAsync();
        await Expect(Page.GetByTestId("history")).ToContainTextAsync("No refinements yet");

        await Page.GetByLabel("Say what to change").FillAsync("no apples");
        var refined = await RunAndWaitForApiAsync("/refine", () => Page.GetByRole(AriaRole.Button, new() { Name = "Refine", Exact = true }).ClickAsync());

        Assert.AreEqual("no apples", BodyOf(refined).GetProperty("feedback").GetString());
        await Expect(Results).ToHaveCountAsync(10);
        var texts = (await ResultTextsAsync("title")).Concat(await ResultTextsAsync("description")).ToList();
        Assert.IsFalse(texts.Any(t => Apple().IsMatch(t)), string.Join(" | ", texts));
        await Expect(Page.GetByTestId("effective-query")).ToHaveTextAsync("fruit — without apples");
        await Expect(History).ToHaveCountAsync(1);
        await Expect(History.First).ToContainTextAsync("Feedback “no apples” (away from apples)");
        await Expect(Page.GetByLabel("Say what to change")).ToHaveValueAsync("");
        await Expect(Page.GetByTestId("status")).ToContainTextAsync("“fruit”, refined in 1 step");
        await ScreenshotAsync("refined-with-history");

        await RunAndWaitForApiAsync("/undo", () => Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" }).ClickAsync());

        await Expect(History).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("effective-query")).ToHaveTextAsync("fruit");
        CollectionAssert.AreEqual(fruitIds, await ResultIdsAsync(), "undo restores the first results");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" })).ToBeDisabledAsync();
    }

    [TestMethod]
    public async Task StepsAccumulateInTheHistoryAndUndoRemovesTheLastOnly()
    {
        await SearchAsync("an animal");
        await Page.GetByLabel("Say what to change").FillAsync("focus on birds");
        await RunAndWaitForApiAsync("/refine", () => Page.GetByLabel("Say what to change").PressAsync("Enter"));
        var rejected = (await ResultTextsAsync("title"))[0];
        await RunAndWaitForApiAsync("/refine", () => Results.First.GetByRole(AriaRole.Button, new() { Name = "Not this" }).ClickAsync());

        await Expect(History).ToHaveTextAsync([new Regex("^Feedback “focus on birds” \\(toward birds\\)"), new Regex($"^Not “{Regex.Escape(rejected)}”")]);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" })).ToHaveAttributeAsync("title", $"Undo Not “{rejected}”");

        await RunAndWaitForApiAsync("/undo", () => Page.GetByRole(AriaRole.Button, new() { Name = "Undo last step" }).ClickAsync());

        await Expect(History).ToHaveCountAsync(1);
        await Expect(History.First).ToContainTextAsync("focus on birds");
    }

    [GeneratedRegex(@"\bapples?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Apple();
}
