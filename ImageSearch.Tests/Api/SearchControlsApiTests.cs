using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>
/// Filters, the automatic cut and the order through the HTTP API on the demo catalog. Expected categories and tags come
/// from the demo files themselves (folders), not from the app.
/// </summary>
[TestClass]
public sealed class SearchControlsApiTests : ApiTestBase
{
    private static readonly Lazy<ILookup<string, DemoStamp>> Stamps = new(() => DemoStamp.All().ToLookup(s => Key(s.Title, s.Description)));

    [TestMethod]
    public async Task ACategoryFilterKeepsOnlyThatCategoryAndStillFindsItsBestMatch()
    {
        var id = await App.CreateSessionAsync();

        var response = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a red apple", filter = new { category = "FOOD" } });

        var results = Results(response);
        Assert.IsNotEmpty(results);
        Assert.AreEqual("A red apple.", results[0].GetProperty("description").GetString());
        AssertEvery(results, s => s.Category == "food", "category food");
        Assert.AreEqual("FOOD", response.GetProperty("controls").GetProperty("filter").GetProperty("category").GetString());
    }

    [TestMethod]
    public async Task AFilterThatExcludesTheBestMatchReturnsTheBestOfWhatItAllows()
    {
        var id = await App.CreateSessionAsync();

        var response = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", top = 20, filter = new { category = "vehicles" } });

        var results = Results(response);
        Assert.HasCount(20, results, "the scan filters before taking its candidates, so a narrow filter still fills the page");
        AssertEvery(results, s => s.Category == "vehicles", "category vehicles");
    }

    [TestMethod]
    public async Task ATagFilterNeedsEveryTagIgnoringCase()
    {
        var id = await App.CreateSessionAsync();

        var response = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "an animal", top = 50, candidates = 50, filter = new { tags = new[] { "MAMMALS", "Bears" } } });

        var results = Results(response);
        var expected = DemoStamp.All().Count(s => HasTags(s, "mammals", "bears"));
        Assert.IsNotEmpty(results);
        Assert.IsLessThanOrEqualTo(expected, results.Count);
        AssertEvery(results, s => HasTags(s, "mammals", "bears"), "tags mammals and bears");
    }

    [TestMethod]
    public async Task TheImportDateRangeIsAppliedAtBothEnds()
    {
        var id = await App.CreateSessionAsync();

        var before = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", filter = new { importedTo = "2000-01-01T00:00:00Z" } });
        Assert.IsEmpty(Results(before), "everything was imported after 2000");
        Assert.AreEqual(0, before.GetProperty("cut").GetProperty("kept").GetInt32());

        var facets = await Client.GetFromJsonAsync<JsonElement>("api/catalog/facets");
        var last = facets.GetProperty("lastImport").GetDateTimeOffset();
        var since = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", filter = new { importedFrom = last } });
        var results = Results(since);
        Assert.IsNotEmpty(results, "the last import is inside a range that starts at it");
        Assert.IsTrue(results.All(r => r.GetProperty("importedAt").GetDateTimeOffset() >= last));
    }

    [TestMethod]
    public async Task NewestAndOldestOrderTheKeptResultsByImportDateWithoutChangingWhatIsKept()
    {
        var id = await App.CreateSessionAsync();
        var byRelevance = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "an animal", top = 50, candidates = 50 });
        var newest = await App.PostOkAsync($"api/sessions/{id}/rank", new { top = 50, order = "newest" });
        var oldest = await App.PostOkAsync($"api/sessions/{id}/rank", new { top = 50, order = "oldest" });

        var relevanceIds = Ids(byRelevance).Order().ToList();
        CollectionAssert.AreEqual(relevanceIds, Ids(newest).Order().ToList());
        CollectionAssert.AreEqual(relevanceIds, Ids(oldest).Order().ToList());
        var newestDates = Results(newest).Select(r => r.GetProperty("importedAt").GetDateTimeOffset()).ToList();
        var oldestDates = Results(oldest).Select(r => r.GetProperty("importedAt").GetDateTimeOffset()).ToList();
        CollectionAssert.AreEqual(newestDates.OrderDescending().ToList(), newestDates);
        CollectionAssert.AreEqual(oldestDates.Order().ToList(), oldestDates);
        Assert.AreNotEqual(newestDates[0], newestDates[^1], "the demo import spans more than one instant");
        Assert.AreEqual("newest", newest.GetProperty("controls").GetProperty("order").GetString());
    }

    [TestMethod]
    public async Task AutocutHidesTheTailAndTheCutSaysWhereItIs()
    {
        var id = await App.CreateSessionAsync();
        var uncut = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", top = 50, candidates = 50 });
        var cut = await App.PostOkAsync($"api/sessions/{id}/rank", new { top = 50, autocut = 1 });

        var all = Results(uncut).Select(r => r.GetProperty("score").GetSingle()).ToList();
        var info = cut.GetProperty("cut");
        var kept = info.GetProperty("kept").GetInt32();
        Assert.AreEqual("autocut", info.GetProperty("by").GetString(), info.ToString());
        Assert.AreEqual(all.Count, kept + info.GetProperty("hidden").GetInt32());
        Assert.IsLessThan(all.Count, kept);
        CollectionAssert.AreEqual(all.Take(kept).ToList(), Results(cut).Select(r => r.GetProperty("score").GetSingle()).ToList(), "the kept ones are the best ones, in order");
        Assert.AreEqual(all[kept - 1], info.GetProperty("lowestKept").GetSingle(), 1e-4f);
        Assert.AreEqual(all[kept], info.GetProperty("highestHidden").GetSingle(), 1e-4f);
        Assert.AreEqual("none", uncut.GetProperty("cut").GetProperty("by").GetString());
    }

    [TestMethod]
    public async Task FilterCutAndOrderSurviveRefinementAndUndoAndANewSearchStartsWithoutThem()
    {
        var id = await App.CreateSessionAsync();
        var controls = new { filter = new { category = "food" }, autocut = 2, order = "newest" };
        var searched = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "fruit", controls.filter, controls.autocut, controls.order });
        var expected = searched.GetProperty("controls").ToString();

        var refined = await App.PostOkAsync($"api/sessions/{id}/refine", new { feedback = "no apples" });
        Assert.AreEqual(expected, refined.GetProperty("controls").ToString());
        AssertEvery(Results(refined), s => s.Category == "food", "category food after refining");

        var undone = await App.PostOkAsync($"api/sessions/{id}/undo", new { });
        Assert.AreEqual(expected, undone.GetProperty("controls").ToString());
        AssertEvery(Results(undone), s => s.Category == "food", "category food after undo");

        var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(expected, session.GetProperty("controls").ToString());

        var fresh = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "fruit" });
        var reset = fresh.GetProperty("controls");
        Assert.AreEqual(JsonValueKind.Null, reset.GetProperty("filter").GetProperty("category").ValueKind);
        Assert.AreEqual(0, reset.GetProperty("autocut").GetInt32());
        Assert.AreEqual("relevance", reset.GetProperty("order").GetString());
    }

    [TestMethod]
    public async Task ARefinementNamingOneControlReplacesAllOfThem()
    {
        var id = await App.CreateSessionAsync();
        await App.PostOkAsync($"api/sessions/{id}/search", new { query = "fruit", filter = new { category = "food" }, autocut = 2 });

        var refined = await App.PostOkAsync($"api/sessions/{id}/refine", new { feedback = "red", order = "oldest" });

        var controls = refined.GetProperty("controls");
        Assert.AreEqual("oldest", controls.GetProperty("order").GetString());
        Assert.AreEqual(0, controls.GetProperty("autocut").GetInt32());
        Assert.AreEqual(JsonValueKind.Null, controls.GetProperty("filter").GetProperty("category").ValueKind);
    }

    [TestMethod]
    [DataRow("{\"query\": \"koala\", \"autocut\": 6}", "invalid-autocut")]
    [DataRow("{\"query\": \"koala\", \"order\": \"random\"}", "invalid-order")]
    [DataRow("{\"query\": \"koala\", \"filter\": {\"sources\": [\"bing\"]}}", "invalid-filter")]
    [DataRow("{\"query\": \"koala\", \"filter\": {\"importedFrom\": \"2026-02-01T00:00:00Z\", \"importedTo\": \"2026-01-01T00:00:00Z\"}}", "invalid-filter")]
    public async Task InvalidControlsAreBadRequestProblemsAndTheSessionKeepsItsControls(string json, string type)
    {
        var id = await App.CreateSessionAsync();
        var searched = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "fruit", autocut = 1 });

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/search", content), HttpStatusCode.BadRequest, type);

        var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(searched.GetProperty("controls").ToString(), session.GetProperty("controls").ToString());
    }

    [TestMethod]
    public async Task RankBeforeAnySearchIsAConflict()
    {
        var id = await App.CreateSessionAsync();
        await AssertProblemAsync(await Client.PostAsJsonAsync($"api/sessions/{id}/rank", new { autocut = 1 }), HttpStatusCode.Conflict, "no-search-to-rank");
    }

    [TestMethod]
    public async Task FacetsListTheDemoCategoriesAndCountEveryItemOnce()
    {
        var facets = await Client.GetFromJsonAsync<JsonElement>("api/catalog/facets");

        var categories = facets.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("value").GetString()!, c => c.GetProperty("items").GetInt32());
        var expected = DemoStamp.All().GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Count());
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), categories.Keys.ToList());
        Assert.AreEqual(App.CatalogSize, categories.Values.Sum(), "each item has one category");
        foreach (var (category, files) in expected)
        {
            // Identical pictures in two files are one item, so a category holds at most as many items as files.
            Assert.IsLessThanOrEqualTo(files, categories[category], category);
        }

        var counts = categories.Values.ToList();
        CollectionAssert.AreEqual(counts.OrderDescending().ToList(), counts, "most first");
        CollectionAssert.Contains(facets.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ToList(), "catalog");
        Assert.IsLessThanOrEqualTo(facets.GetProperty("lastImport").GetDateTimeOffset(), facets.GetProperty("firstImport").GetDateTimeOffset());
    }

    private static List<JsonElement> Results(JsonElement response) => [.. response.GetProperty("results").EnumerateArray()];

    private static List<string> Ids(JsonElement response) => [.. Results(response).Select(r => r.GetProperty("id").GetString()!)];

    private static string Key(string title, string description) => title + "\n" + description;

    private static bool HasTags(DemoStamp stamp, params string[] tags) =>
        tags.All(t => stamp.Tags.Split(',').Contains(t, StringComparer.OrdinalIgnoreCase));

    /// <summary>Every result is a demo stamp (by title and description) that satisfies <paramref name="condition"/>.</summary>
    private static void AssertEvery(List<JsonElement> results, Func<DemoStamp, bool> condition, string what)
    {
        foreach (var result in results)
        {
            var stamps = Stamps.Value[Key(result.GetProperty("title").GetString()!, result.GetProperty("description").GetString()!)].ToList();
            Assert.IsNotEmpty(stamps, $"{result} is not a demo stamp");
            Assert.IsTrue(stamps.Any(condition), $"{result.GetProperty("title")} does not have {what}");
        }
    }
}
