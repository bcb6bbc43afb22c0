using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed partial class RefinementApiTests : ApiTestBase
{
    [TestMethod]
    public async Task UploadedApplePhotoNotInTheCatalogRanksTheCatalogsApplesFirst()
    {
        var id = await App.CreateSessionAsync();
        using var uploaded = await App.UploadAsync(id, await File.ReadAllBytesAsync(DemoStamp.PathOf(DemoStamp.HeldOut[0])));
        var uploadId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var response = await App.PostOkAsync($"api/sessions/{id}/search", new { uploadIds = new[] { uploadId } });

        // The catalog holds four apple photos (and cartoon apples / apple cores, drawings of another kind).
        var descriptions = Descriptions(response);
        var applePhotos = new[] { "A red apple.", "A green apple.", "A “Granny Smith” apple.", "A “Sierra Beauty” apple." };
        CollectionAssert.AreEquivalent(applePhotos, descriptions.Take(4).ToList(), "the apple photos come first: " + string.Join(" | ", descriptions));
    }

    [TestMethod]
    public async Task ALongSessionOfNonAsciiRefinementsNeverAnswersAServerErrorAndStaysUsable()
    {
        // The finding: a long non-ASCII query and ~12 refinements of non-ASCII feedback outgrew the session's row, and every
        // later refinement of that session answered 500.
        var id = await App.CreateSessionAsync();
        var query = string.Concat(Enumerable.Repeat("Ñandú über Dächern ", 30))[..500];
        await App.PostOkAsync($"api/sessions/{id}/search", new { query, top = 50 });

        var answers = new List<string>();
        for (var step = 0; step < 25; step++)
        {
            var feedback = string.Join(", ", Enumerable.Range(0, 12).Select(w => $"{(w % 2 == 0 ? "no" : "more")} ñandús über dächern {step}é{w}"))[..300];
            using var response = await Client.PostAsJsonAsync($"api/sessions/{id}/refine", new { feedback, top = 50 });
            var type = response.IsSuccessStatusCode ? "" : " " + (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!.Split('/')[^1];
            answers.Add($"{(int)response.StatusCode}{type}");
        }

        var all = string.Join(", ", answers);
        CollectionAssert.AreEqual(Enumerable.Repeat("200", 20).ToList(), answers.Take(20).ToList(), "every allowed step is stored: " + all);
        CollectionAssert.AreEqual(Enumerable.Repeat("400 too-many-refinements", 5).ToList(), answers.Skip(20).ToList(), "past the chain's cap: " + all);
        var undone = await App.PostOkAsync($"api/sessions/{id}/undo", new { });
        Assert.AreEqual(19, undone.GetProperty("refinements").GetArrayLength());
        var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(query.Trim(), session.GetProperty("query").GetString());
    }

    [TestMethod]
    public async Task FeedbackNoApplesRemovesApplesFromFruitAndUndoBringsThemBack()
    {
        var id = await App.CreateSessionAsync();
        // The catalog has ~40 fruits; "fruit" ranks the apples among the top 30, mixed with the others.
        var fruit = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "fruit", top = 30, candidates = 60 });
        Assert.IsGreaterThanOrEqualTo(3, Descriptions(fruit).Count(d => Apple().IsMatch(d)), "apples are among the fruit at first");

        var refined = await App.PostOkAsync($"api/sessions/{id}/refine", new { feedback = "no apples", top = 30 });

        Assert.AreEqual(30, Descriptions(refined).Count);
        Assert.IsFalse(Descriptions(refined).Any(d => Apple().IsMatch(d)), string.Join(" | ", Descriptions(refined)));
        StringAssert.Contains(refined.GetProperty("effectiveQuery").GetString()!, "without apples");
        var step = refined.GetProperty("refinements")[0];
        Assert.AreEqual("apples", step.GetProperty("negative")[0].GetString());

        var undone = await App.PostOkAsync($"api/sessions/{id}/undo", new { });
        CollectionAssert.AreEqual(Ids(fruit).Take(10).ToList(), Ids(undone).ToList(), "undo restores the first ranking (its first page)");
        Assert.AreEqual(0, undone.GetProperty("refinements").GetArrayLength());
    }

    [TestMethod]
    public async Task RefinementsAccumulate()
    {
        var id = await App.CreateSessionAsync();
        await App.SearchAsync(id, "an animal");
        await App.PostOkAsync($"api/sessions/{id}/refine", new { feedback = "focus on birds" });
        var second = await App.PostOkAsync($"api/sessions/{id}/refine", new { feedback = "remove penguins" });

        Assert.AreEqual(2, second.GetProperty("refinements").GetArrayLength());
        var effective = second.GetProperty("effectiveQuery").GetString()!;
        StringAssert.Contains(effective, "birds");
        StringAssert.Contains(effective, "without penguins");
        Assert.IsFalse(Descriptions(second).Any(d => d.Contains("penguin", StringComparison.OrdinalIgnoreCase)), string.Join(" | ", Descriptions(second)));

        var undone = await App.PostOkAsync($"api/sessions/{id}/undo", new { top = 5, minScore = 0.3 });
        Assert.AreEqual(1, undone.GetProperty("refinements").GetArrayLength());
        var scores = undone.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("score").GetSingle()).ToList();
        Assert.IsTrue(scores.Count <= 5 && scores.All(x => x >= 0.3f), "undo ranks with the paging and floor it was given");
    }

    [TestMethod]
    public async Task SelectingAPenguinPullsTheOtherPenguinsUp()
    {
        var id = await App.CreateSessionAsync();
        var birds = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a bird", top = 20 });
        var before = Descriptions(birds);
        var penguin = birds.GetProperty("results").EnumerateArray().First(r => r.GetProperty("description").GetString() == "A penguin.");

        var refined = await App.PostOkAsync($"api/sessions/{id}/refine", new { select = penguin.GetProperty("id").GetString(), top = 20 });

        var after = Descriptions(refined);
        var others = new[] { "A little penguin.", "A Magellanic penguin." };
        foreach (var other in others)
        {
            var rankAfter = after.IndexOf(other);
            Assert.IsTrue(rankAfter is >= 0 and < 4, $"{other} at {rankAfter} after: {string.Join(" | ", after)}");
            var rankBefore = before.IndexOf(other);
            Assert.IsTrue(rankBefore < 0 || rankAfter < rankBefore, $"{other} moved up from {rankBefore} to {rankAfter}");
        }

        Assert.AreEqual("select", refined.GetProperty("refinements")[0].GetProperty("kind").GetString());
    }

    [TestMethod]
    public async Task RejectedResultDisappears()
    {
        var id = await App.CreateSessionAsync();
        var first = await App.SearchAsync(id, "a car");
        var rejected = first.GetProperty("results")[0].GetProperty("id").GetString();

        var refined = await App.PostOkAsync($"api/sessions/{id}/refine", new { reject = rejected });

        CollectionAssert.DoesNotContain(Ids(refined).ToList(), rejected);
    }

    [TestMethod]
    [DataRow("{\"feedback\": \"more red\", \"select\": \"x\"}", HttpStatusCode.BadRequest, "invalid-refinement")]
    [DataRow("{}", HttpStatusCode.BadRequest, "invalid-refinement")]
    [DataRow("{\"select\": \"no-such-result\"}", HttpStatusCode.BadRequest, "unknown-result")]
    [DataRow("{\"feedback\": \"the\"}", HttpStatusCode.BadRequest, "feedback-not-understood")]
    public async Task InvalidRefinementsAreProblems(string json, HttpStatusCode status, string type)
    {
        var id = await App.CreateSessionAsync();
        await App.SearchAsync(id, "a tree");
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/refine", content), status, type);
    }

    [TestMethod]
    public async Task RefiningOrUndoingWithoutASearchIsAConflict()
    {
        var id = await App.CreateSessionAsync();
        await AssertProblemAsync(await Client.PostAsJsonAsync($"api/sessions/{id}/refine", new { feedback = "more red" }), HttpStatusCode.Conflict, "no-search-to-refine");
        await AssertProblemAsync(await Client.PostAsJsonAsync($"api/sessions/{id}/undo", new { }), HttpStatusCode.Conflict, "nothing-to-undo");
    }

    [TestMethod]
    public async Task ConcurrentRefinementsAreAppliedOrRejectedNeverLost()
    {
        for (var round = 0; round < 3; round++)
        {
            var id = await App.CreateSessionAsync();
            await App.SearchAsync(id, "a flower");

            var responses = await Task.WhenAll(
                Client.PostAsJsonAsync($"api/sessions/{id}/refine", new { feedback = "more red" }),
                Client.PostAsJsonAsync($"api/sessions/{id}/refine", new { feedback = "no leaves" }));

            var applied = 0;
            foreach (var response in responses)
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    applied++;
                }
                else
                {
                    await AssertProblemAsync(response, HttpStatusCode.Conflict, "session-conflict");
                }

                response.Dispose();
            }

            var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
            Assert.IsGreaterThanOrEqualTo(1, applied);
            Assert.AreEqual(applied, session.GetProperty("refinements").GetArrayLength(), "every 200 is in the session, nothing else");
        }
    }

    private static List<string> Descriptions(JsonElement response) =>
        response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("description").GetString()!).ToList();

    private static IEnumerable<string?> Ids(JsonElement response) =>
        response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString());

    [GeneratedRegex(@"\bapples?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Apple();
}
