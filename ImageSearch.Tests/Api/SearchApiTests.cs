using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class SearchApiTests : ApiTestBase
{
    /// <summary>Each query names a stamp of the demo catalog; its description must be among the top 3.</summary>
    [TestMethod]
    [DataRow("koala", "A koala.")]
    [DataRow("a slice of pizza", "A quarter of pizza.")]
    [DataRow("a fire truck", "A fire truck.")]
    [DataRow("penguin", "A penguin.")]
    [DataRow("a red apple", "A red apple.")]
    [DataRow("giraffe", "A giraffe.")]
    public async Task MatchingStampIsInTheTopThree(string query, string description)
    {
        var response = await App.SearchAsync(await App.CreateSessionAsync(), query);

        var top3 = response.GetProperty("results").EnumerateArray().Take(3).Select(r => r.GetProperty("description").GetString()).ToList();
        CollectionAssert.Contains(top3, description, $"top 3 for '{query}': {string.Join(" | ", top3)}");
    }

    [TestMethod]
    public async Task ResponseHasTenScoredResultsOfTwentyCandidatesAndSaysWhichModelsRanked()
    {
        var response = await App.SearchAsync(await App.CreateSessionAsync(), "a bird");

        var results = response.GetProperty("results").EnumerateArray().ToList();
        Assert.HasCount(10, results);
        Assert.AreEqual(20, response.GetProperty("candidates").GetInt32());
        var scores = results.Select(r => r.GetProperty("score").GetSingle()).ToList();
        CollectionAssert.AreEqual(scores.OrderByDescending(s => s).ToList(), scores, "best first");
        Assert.IsTrue(results.All(r => r.GetProperty("title").GetString()!.Length > 0));
        Assert.AreEqual("embedded", response.GetProperty("ranking").GetProperty("tier").GetString());
        CollectionAssert.Contains(response.GetProperty("ranking").GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList(), "all-MiniLM-L6-v2");
    }

    [TestMethod]
    public async Task ResultImageUrlServesAJpeg()
    {
        var response = await App.SearchAsync(await App.CreateSessionAsync(), "koala", top: 1);
        var url = response.GetProperty("results")[0].GetProperty("imageUrl").GetString()!;

        using var image = await Client.GetAsync(url.TrimStart('/'));

        Assert.AreEqual(HttpStatusCode.OK, image.StatusCode);
        Assert.AreEqual("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.AreEqual("JPEG", Image.DetectFormat(bytes)?.Name);
        using var decoded = Image.Load(bytes);
        Assert.IsGreaterThan(50, decoded.Width);
    }

    [TestMethod]
    public async Task ServerTimingHeaderNamesEveryPipelineStage()
    {
        var id = await App.CreateSessionAsync();
        using var response = await Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = "tree" });

        var header = string.Join(",", response.Headers.GetValues("Server-Timing"));
        foreach (var stage in new[] { "session", "embed", "fetch", "rank", "save" })
        {
            StringAssert.Matches(header, new System.Text.RegularExpressions.Regex($@"\b{stage};dur=\d+(\.\d+)?"));
        }
    }

    [TestMethod]
    public async Task RelevanceFloorDropsWeakResults()
    {
        var id = await App.CreateSessionAsync();
        using var response = await Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = "koala", minScore = 0.6 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        var scores = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("score").GetSingle()).ToList();
        Assert.IsNotEmpty(scores);
        Assert.IsLessThan(10, scores.Count);
        Assert.IsTrue(scores.All(s => s >= 0.6f));
    }

    [TestMethod]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        var id = await App.CreateSessionAsync();
        using var content = new StringContent("{\"query\": ", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/search", content), HttpStatusCode.BadRequest, "malformed-json");
    }

    [TestMethod]
    public async Task WrongJsonShapeIsABadRequestProblem()
    {
        var id = await App.CreateSessionAsync();
        using var content = new StringContent("{\"query\": {\"nested\": true}}", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/search", content), HttpStatusCode.BadRequest, "malformed-json");
    }

    [TestMethod]
    public async Task NonJsonBodyIsUnsupportedMediaType()
    {
        var id = await App.CreateSessionAsync();
        using var content = new StringContent("query=koala", Encoding.UTF8, "application/x-www-form-urlencoded");
        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/search", content), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [TestMethod]
    [DataRow("{}", "query-missing")]
    [DataRow("{\"query\": \"   \"}", "query-missing")]
    [DataRow("{\"query\": \"koala\", \"top\": 0}", "invalid-top")]
    [DataRow("{\"query\": \"koala\", \"top\": 1000}", "invalid-top")]
    [DataRow("{\"query\": \"koala\", \"minScore\": 7}", "invalid-min-score")]
    [DataRow("{\"uploadIds\": [null]}", "unknown-upload")]
    [DataRow("{\"query\": \"koala\", \"uploadIds\": [\"\"]}", "unknown-upload")]
    public async Task InvalidSearchRequestsAreBadRequestProblems(string json, string type)
    {
        var id = await App.CreateSessionAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/search", content), HttpStatusCode.BadRequest, type);
    }

    [TestMethod]
    [DataRow(200_000, HttpStatusCode.RequestEntityTooLarge, DisplayName = "chunked, over 64 KiB")]
    [DataRow(60_000, HttpStatusCode.OK, DisplayName = "chunked, under 64 KiB")]
    public async Task AChunkedBodyIsCappedAt64KiBWithoutAContentLength(int padding, HttpStatusCode expected)
    {
        var id = await App.CreateSessionAsync();
        var json = Encoding.UTF8.GetBytes("{\"query\": \"koala\"" + new string(' ', padding) + "}");
        using var content = new StreamContent(new NonSeekable(json)); // no length: sent chunked
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync($"api/sessions/{id}/search", content);

        Assert.IsNull(content.Headers.ContentLength);
        if (expected == HttpStatusCode.OK)
        {
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        else
        {
            await AssertProblemAsync(response, expected, "body-too-large");
        }
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [TestMethod]
    public async Task LatePageNeverRaisesTheCandidatesAboveTheConfiguredMaximum()
    {
        var id = await App.CreateSessionAsync();

        var response = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", top = 50, page = 10 });

        Assert.AreEqual(200, response.GetProperty("candidates").GetInt32(), "Search__MaxCandidates is 200; 50 x 10 would be 500");
    }

    [TestMethod]
    public async Task QueryOf500CharactersIsAcceptedAnd501Rejected()
    {
        var id = await App.CreateSessionAsync();
        using var ok = await Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = new string('a', 499) + "b" });
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);

        await AssertProblemAsync(
            await Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = new string('a', 501) }), HttpStatusCode.BadRequest, "query-too-long");
        var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(500, session.GetProperty("query").GetString()!.Length, "the rejected search changed nothing");
    }

    [TestMethod]
    public async Task UnknownCatalogImageIsNotFoundProblem()
    {
        await AssertProblemAsync(await Client.GetAsync("api/catalog/000000000000000000000000/image"), HttpStatusCode.NotFound, "image-not-found");
        await AssertProblemAsync(await Client.GetAsync("api/catalog/..%2F..%2Fsecret/image"), HttpStatusCode.NotFound, "image-not-found");
    }
}
