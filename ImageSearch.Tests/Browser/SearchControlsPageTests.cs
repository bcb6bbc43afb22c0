using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// The filter, the automatic cut and the order in the page: a change ranks the shown search again (POST /rank), the cut
/// is stated with the scores either side of it, and the controls survive refinement and a reload. Categories are checked
/// against the demo files' folders, not against the app.
/// </summary>
[TestClass]
public sealed class SearchControlsPageTests : BrowserTestBase
{
    private static readonly Lazy<ILookup<string, DemoStamp>> Stamps = new(() => DemoStamp.All().ToLookup(s => s.Title + "\n" + s.Description));

    [TestMethod]
    public async Task ChoosingACategoryRanksTheShownSearchAgainWithinThatCategory()
    {
        await SearchAsync("a koala");

        var response = await RunAndWaitForApiAsync("/rank", () => Page.GetByLabel("Category").SelectOptionAsync("vehicles"));

        Assert.AreEqual("vehicles", BodyOf(response).GetProperty("filter").GetProperty("category").GetString());
        await Expect(Results).ToHaveCountAsync(10);
        await AssertEveryResultAsync(s => s.Category == "vehicles", "category vehicles");
        await Expect(Page.GetByLabel("Category")).ToHaveValueAsync("vehicles");
    }

    [TestMethod]
    public async Task TheAutomaticCutSaysWhereItCutAndShowAllBringsTheHiddenBack()
    {
        await SearchAsync("a koala");

        var response = await RunAndWaitForApiAsync("/rank", () => Page.GetByLabel("Automatic cut").SelectOptionAsync("1"));

        var cut = (await response.JsonAsync())!.Value.GetProperty("cut");
        var kept = cut.GetProperty("kept").GetInt32();
        var hidden = cut.GetProperty("hidden").GetInt32();
        Assert.AreEqual("autocut", cut.GetProperty("by").GetString(), cut.ToString());
        Assert.AreEqual(1, BodyOf(response).GetProperty("autocut").GetInt32());
        await Expect(Results).ToHaveCountAsync(Math.Min(kept, 10));
        await Expect(Page.GetByTestId("cut")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("cut")).ToContainTextAsync(
            $"The automatic cut kept {kept} of {kept + hidden} ranked images and hid {hidden} between scores "
            + $"{cut.GetProperty("lowestKept").GetDouble():0.000} and {cut.GetProperty("highestHidden").GetDouble():0.000}.");
        await ScreenshotAsync("autocut");

        var all = await RunAndWaitForApiAsync("/rank", () => Page.GetByRole(AriaRole.Button, new() { Name = "Show all" }).ClickAsync());

        Assert.AreEqual(0, BodyOf(all).GetProperty("autocut").GetInt32());
        await Expect(Page.GetByTestId("cut")).ToBeHiddenAsync();
        await Expect(Results).ToHaveCountAsync(10);
        await Expect(Page.GetByLabel("Automatic cut")).ToHaveValueAsync("0");
    }

    [TestMethod]
    public async Task NewestFirstOrdersTheResultsByImportDate()
    {
        await SearchAsync("an animal");

        await RunAndWaitForApiAsync("/rank", () => Page.GetByLabel("Order").SelectOptionAsync("newest"));

        var dates = (await Page.Locator("#results .result-date").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dateTime)"))
            .Select(DateTimeOffset.Parse).ToList();
        Assert.HasCount(10, dates);
        CollectionAssert.AreEqual(dates.OrderDescending().ToList(), dates);
    }

    [TestMethod]
    public async Task TheFilterSurvivesARefinementAndAReload()
    {
        await Page.GetByLabel("Category").SelectOptionAsync("food");
        await Page.GetByLabel("Automatic cut").SelectOptionAsync("2");
        var searched = await SearchAsync("fruit");
        Assert.AreEqual("food", BodyOf(searched).GetProperty("filter").GetProperty("category").GetString());

        await Page.GetByLabel("Say what to change").FillAsync("no apples");
        var refined = await RunAndWaitForApiAsync("/refine", () => Page.GetByRole(AriaRole.Button, new() { Name = "Refine", Exact = true }).ClickAsync());
        Assert.AreEqual("food", BodyOf(refined).GetProperty("filter").GetProperty("category").GetString());
        await AssertEveryResultAsync(s => s.Category == "food", "category food after refining");

        await Page.ReloadAsync();

        await Expect(Page.GetByTestId("status")).ToContainTextAsync("Restored your session");
        await Expect(Page.GetByLabel("Category")).ToHaveValueAsync("food");
        await Expect(Page.GetByLabel("Automatic cut")).ToHaveValueAsync("2");
        await AssertEveryResultAsync(s => s.Category == "food", "category food after a reload");
        await AssertNoAlarmAsync();
    }

    [TestMethod]
    public async Task AFilterNothingMatchesSaysSoWithoutAnAlarm()
    {
        await Page.GetByLabel("Tags").FillAsync("no-such-tag");
        await SearchAsync("a koala");

        await Expect(Results).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("empty")).ToContainTextAsync("No results match the filter");
        await Expect(Page.GetByTestId("cut")).ToBeHiddenAsync();
    }

    [TestMethod]
    public async Task TheChoicesComeFromTheCatalogFacets()
    {
        var facets = await App.Client.GetFromJsonAsync<JsonElement>("api/catalog/facets");
        var expected = facets.GetProperty("categories").EnumerateArray()
            .Select(c => $"{c.GetProperty("value").GetString()} ({c.GetProperty("items").GetInt32()})").Prepend("Any category").ToArray();

        await Expect(Page.GetByLabel("Category").Locator("option")).ToHaveTextAsync(expected);
        await Expect(Page.Locator("#filter-sources input[type=checkbox]")).ToHaveCountAsync(facets.GetProperty("sources").GetArrayLength());
        Assert.IsTrue(DemoStamp.All().Select(s => s.Category).Distinct().All(c => expected.Any(e => e.StartsWith(c + " (", StringComparison.Ordinal))));
    }

    /// <summary>Every card on the page is a demo stamp (by title and description) that satisfies <paramref name="condition"/>.</summary>
    private async Task AssertEveryResultAsync(Func<DemoStamp, bool> condition, string what)
    {
        var titles = await ResultTextsAsync("title");
        var descriptions = await ResultTextsAsync("description");
        Assert.IsNotEmpty(titles);
        for (var i = 0; i < titles.Count; i++)
        {
            var stamps = Stamps.Value[titles[i] + "\n" + descriptions[i]].ToList();
            Assert.IsNotEmpty(stamps, $"{titles[i]} is not a demo stamp");
            Assert.IsTrue(stamps.Any(condition), $"{titles[i]} does not have {what}");
        }
    }
}
