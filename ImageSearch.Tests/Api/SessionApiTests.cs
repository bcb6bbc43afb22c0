using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class SessionApiTests : ApiTestBase
{
    [TestMethod]
    public async Task CreatedSessionCanBeReadBackAndIsEmpty()
    {
        using var created = await Client.PostAsync("api/sessions", null);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = session.GetProperty("sessionId").GetString()!;

        var read = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");

        Assert.AreEqual(id, read.GetProperty("sessionId").GetString());
        Assert.AreEqual(JsonValueKind.Null, read.GetProperty("query").ValueKind);
        Assert.AreEqual(0, read.GetProperty("results").GetArrayLength());
        Assert.AreEqual(30, read.GetProperty("idleTimeoutMinutes").GetInt32());
    }

    [TestMethod]
    public async Task SearchIsRememberedByTheSessionAndResetClearsIt()
    {
        var id = await App.CreateSessionAsync();
        await App.SearchAsync(id, "a koala");

        var afterSearch = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual("a koala", afterSearch.GetProperty("query").GetString());
        Assert.AreEqual(10, afterSearch.GetProperty("results").GetArrayLength());

        using var reset = await Client.PostAsync($"api/sessions/{id}/reset", null);
        Assert.AreEqual(HttpStatusCode.OK, reset.StatusCode);
        var afterReset = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(JsonValueKind.Null, afterReset.GetProperty("query").ValueKind);
        Assert.AreEqual(0, afterReset.GetProperty("results").GetArrayLength());
    }

    [TestMethod]
    public async Task DeletedSessionAnswersNotFoundEverywhere()
    {
        var id = await App.CreateSessionAsync();

        using var deleted = await Client.DeleteAsync($"api/sessions/{id}");
        Assert.AreEqual(HttpStatusCode.NoContent, deleted.StatusCode);

        await AssertProblemAsync(await Client.GetAsync($"api/sessions/{id}"), HttpStatusCode.NotFound, "session-not-found");
        await AssertProblemAsync(await Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = "koala" }), HttpStatusCode.NotFound, "session-not-found");
        await AssertProblemAsync(await Client.DeleteAsync($"api/sessions/{id}"), HttpStatusCode.NotFound, "session-not-found");
    }

    [TestMethod]
    [DataRow("nonsense")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("%2E%2E%2F%2E%2E%2Fetc")]
    public async Task UnknownSessionIsNotFoundProblem(string id) =>
        await AssertProblemAsync(await Client.GetAsync($"api/sessions/{id}"), HttpStatusCode.NotFound, "session-not-found");

    [TestMethod]
    [DataRow("GET", "api/no-such-thing")]
    [DataRow("DELETE", "api/health")]
    [DataRow("PUT", "api/sessions")]
    public async Task UnknownRouteOrWrongMethodIsTheHostsEmpty404(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsNull(response.Content.Headers.ContentType);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task HealthReportsStorageTierAndCatalog()
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("api/health");

        Assert.AreEqual("healthy", health.GetProperty("status").GetString());
        Assert.IsTrue(health.GetProperty("storageReachable").GetBoolean());
        Assert.AreEqual("embedded", health.GetProperty("activeTier").GetString());
        Assert.AreEqual(App.CatalogSize, health.GetProperty("catalogSize").GetInt32());
        var embedded = health.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "embedded");
        Assert.AreEqual(App.CatalogSize, embedded.GetProperty("catalogItemsEmbedded").GetInt32());

        // Per stage: the downloaded models are absent here, so health says why and names the fallback in use.
        var stages = health.GetProperty("stages").EnumerateArray().ToList();
        var captioner = stages.Single(s => s.GetProperty("stage").GetString() == "captioning" && s.GetProperty("active").GetBoolean());
        Assert.AreEqual("nearest-neighbour", captioner.GetProperty("name").GetString());
        var vitGpt2 = stages.Single(s => s.GetProperty("name").GetString() == "vit-gpt2");
        Assert.IsFalse(vitGpt2.GetProperty("available").GetBoolean());
        Assert.IsFalse(string.IsNullOrWhiteSpace(vitGpt2.GetProperty("detail").GetString()));
        var refiner = stages.Single(s => s.GetProperty("stage").GetString() == "refinement" && s.GetProperty("active").GetBoolean());
        Assert.AreEqual("rules", refiner.GetProperty("name").GetString());
        Assert.IsFalse(stages.Single(s => s.GetProperty("name").GetString() == "distilgpt2").GetProperty("available").GetBoolean());
    }
}
