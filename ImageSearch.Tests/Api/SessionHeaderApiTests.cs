using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>
/// The session API with the id in the <c>Session-Id</c> header and <c>current</c> in the path — the form the page uses —
/// and with the first form (the id in the path) switched off as the bicep template does in Azure.
/// </summary>
[TestClass]
public sealed class SessionHeaderApiTests : ApiTestBase
{
    private const string Header = "Session-Id";

    [TestMethod]
    public async Task WithIdsInPathsOffTheWholeSessionFlowRunsOnTheHeader()
    {
        await using var app = await ImageSearchApp.StartAsync("--Sessions:AcceptIdInPath=false");
        await app.ImportAsync([.. DemoStamp.All().Take(12)]);
        var id = await app.CreateSessionAsync();

        async Task<JsonElement> CallAsync(HttpMethod method, string operation, HttpContent? content, HttpStatusCode expected)
        {
            using var request = ImageSearchApp.SessionRequest(method, id, operation, content);
            using var response = await app.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(expected, response.StatusCode, $"{method} {operation}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }

        var searched = await CallAsync(HttpMethod.Post, "/search", JsonContent.Create(new { query = "an animal", top = 5 }), HttpStatusCode.OK);
        Assert.AreEqual(5, searched.GetProperty("results").GetArrayLength());
        var first = searched.GetProperty("results")[0].GetProperty("id").GetString();

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Synthetic.Png(48, 32)), "image", "mine.png" } };
        var uploaded = await CallAsync(HttpMethod.Post, "/uploads", form, HttpStatusCode.Created);
        Assert.IsFalse(string.IsNullOrEmpty(uploaded.GetProperty("id").GetString()));

        var refined = await CallAsync(HttpMethod.Post, "/refine", JsonContent.Create(new { select = first }), HttpStatusCode.OK);
        Assert.AreEqual(1, refined.GetProperty("refinements").GetArrayLength());
        var ranked = await CallAsync(HttpMethod.Post, "/rank", JsonContent.Create(new { top = 3 }), HttpStatusCode.OK);
        Assert.AreEqual(3, ranked.GetProperty("results").GetArrayLength());
        var undone = await CallAsync(HttpMethod.Post, "/undo", null, HttpStatusCode.OK);
        Assert.AreEqual(0, undone.GetProperty("refinements").GetArrayLength());

        var read = await CallAsync(HttpMethod.Get, "", null, HttpStatusCode.OK);
        Assert.AreEqual(id, read.GetProperty("sessionId").GetString());
        Assert.AreEqual("an animal", read.GetProperty("query").GetString());
        Assert.AreEqual(1, read.GetProperty("uploads").GetArrayLength());
        foreach (var link in read.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("downloadUrl").GetString()))
        {
            Assert.DoesNotContain(id, link!, "download links name an image, not the session");
        }

        var reset = await CallAsync(HttpMethod.Post, "/reset", null, HttpStatusCode.OK);
        Assert.AreEqual(0, reset.GetProperty("uploads").GetArrayLength());
        await CallAsync(HttpMethod.Delete, "", null, HttpStatusCode.NoContent);
        await CallAsync(HttpMethod.Get, "", null, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task WithIdsInPathsOffAnIdInThePathIsRefusedAndChangesNothing()
    {
        await using var app = await ImageSearchApp.StartAsync("--Sessions:AcceptIdInPath=false");
        var id = await app.CreateSessionAsync();

        await AssertProblemAsync(await app.Client.GetAsync($"api/sessions/{id}"), HttpStatusCode.BadRequest, "session-id-in-path");
        await AssertProblemAsync(
            await app.Client.PostAsJsonAsync($"api/sessions/{id}/search", new { query = "a koala" }), HttpStatusCode.BadRequest, "session-id-in-path");
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Synthetic.Png(40, 30)), "image", "x.png" } })
        {
            await AssertProblemAsync(await app.Client.PostAsync($"api/sessions/{id}/uploads", form), HttpStatusCode.BadRequest, "session-id-in-path");
        }

        await AssertProblemAsync(await app.Client.DeleteAsync($"api/sessions/{id}"), HttpStatusCode.BadRequest, "session-id-in-path");

        using var read = ImageSearchApp.SessionRequest(HttpMethod.Get, id);
        using var answer = await app.Client.SendAsync(read);
        Assert.AreEqual(HttpStatusCode.OK, answer.StatusCode, "the refused delete did not delete the session");
        var session = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(JsonValueKind.Null, session.GetProperty("query").ValueKind, "the refused search changed nothing");
        Assert.AreEqual(0, session.GetProperty("uploads").GetArrayLength(), "the refused upload stored nothing");
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no header")]
    [DataRow("", DisplayName = "an empty header")]
    public async Task CurrentWithoutOneSessionIdHeaderIsABadRequest(string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions/current/search") { Content = JsonContent.Create(new { query = "a koala" }) };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, header);
        }

        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "session-id-missing");
    }

    [TestMethod]
    public async Task AnUnknownIdInTheHeaderIsNotFoundAndTheFirstFormStillWorksByDefault()
    {
        using var unknown = ImageSearchApp.SessionRequest(HttpMethod.Get, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await AssertProblemAsync(await Client.SendAsync(unknown), HttpStatusCode.NotFound, "session-not-found");

        var id = await App.CreateSessionAsync();
        var searched = await App.PostOkAsync($"api/sessions/{id}/search", new { query = "a koala", top = 3 });
        Assert.AreEqual(3, searched.GetProperty("results").GetArrayLength(), "the path form is taken while Sessions:AcceptIdInPath is on");
    }
}
