using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>
/// Quotas of an anonymous public service, on an app of their own with small budgets: past a budget the answer is 429
/// too-many-requests with Retry-After, before any work (the body is not even read), and other clients and sessions keep
/// theirs.
/// </summary>
[TestClass]
public sealed class QuotaApiTests
{
    private static ImageSearchApp _app = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => _app = await ImageSearchApp.StartAsync(
        "--Quotas:SessionsPerMinutePerClient=3", "--Quotas:SearchesPerMinutePerClient=1000",
        "--Quotas:SearchesPerMinutePerSession=2", "--Quotas:UploadsPerMinutePerClient=2",
        "--Quotas:WebSearchesPerMinutePerClient=1");

    [ClassCleanup]
    public static async Task StopAsync() => await _app.DisposeAsync();

    [TestMethod]
    public async Task NewSessionsPastTheClientsBudgetAre429WithRetryAfterAndAnotherClientStillGetsOne()
    {
        const string client = "198.51.100.7";
        for (var i = 0; i < 3; i++)
        {
            using var created = await CreateSessionAsync(client);
            Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        }

        using var refused = await CreateSessionAsync(client);
        await AssertTooManyAsync(refused, maxRetryAfter: 60);

        // The platform appends the caller's address last: an address the client writes in front of it changes nothing.
        using var spoofed = await CreateSessionAsync("203.0.113.99, " + client);
        Assert.AreEqual((HttpStatusCode)429, spoofed.StatusCode);

        using var other = await CreateSessionAsync("198.51.100.8");
        Assert.AreEqual(HttpStatusCode.Created, other.StatusCode);
    }

    [TestMethod]
    public async Task IPv6ClientsShareTheBudgetOfTheirSlash64()
    {
        for (var i = 1; i <= 3; i++)
        {
            using var created = await CreateSessionAsync($"2001:db8:aa:bb::{i}");
            Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        }

        using var sameNetwork = await CreateSessionAsync("[2001:db8:aa:bb:ffff::9]:443");
        Assert.AreEqual((HttpStatusCode)429, sameNetwork.StatusCode);
        using var otherNetwork = await CreateSessionAsync("2001:db8:aa:cc::1");
        Assert.AreEqual(HttpStatusCode.Created, otherNetwork.StatusCode);
    }

    [TestMethod]
    public async Task SearchesPastTheSessionsBudgetAre429BeforeTheBodyIsReadAndOtherSessionsKeepTheirs()
    {
        var first = await SessionAsync("192.0.2.50");
        var second = await SessionAsync("192.0.2.51");
        await _app.PostOkAsync($"api/sessions/{first}/search", new { query = "a koala" });
        await _app.PostOkAsync($"api/sessions/{first}/rank", new { order = "newest" });

        using var malformed = new StringContent("{\"query\": ", Encoding.UTF8, "application/json");
        using var refused = await _app.Client.PostAsync($"api/sessions/{first}/refine", malformed);
        await AssertTooManyAsync(refused, maxRetryAfter: 60);

        await _app.PostOkAsync($"api/sessions/{second}/search", new { query = "a koala" });
    }

    [TestMethod]
    public async Task WithoutTheWebSourceTheWebBudgetIsNotSpent()
    {
        // Web budget 1 per client, web source off (the default): a client's searches in two sessions are both answered.
        const string client = "192.0.2.60";
        foreach (var id in new[] { await SessionAsync(client), await SessionAsync(client) })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{id}/search") { Content = JsonContent.Create(new { query = "a koala" }) };
            request.Headers.Add("X-Forwarded-For", client);
            using var answered = await _app.Client.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.OK, answered.StatusCode, await answered.Content.ReadAsStringAsync());
        }
    }

    [TestMethod]
    public async Task UploadsPastTheClientsBudgetAre429AndNothingIsStored()
    {
        const string client = "192.0.2.77";
        var id = await SessionAsync(client);
        var png = await File.ReadAllBytesAsync(DemoStamp.All()[0].Path);
        for (var i = 0; i < 2; i++)
        {
            using var uploaded = await _app.Client.SendAsync(Upload(id, png, client));
            Assert.AreEqual(HttpStatusCode.Created, uploaded.StatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        using var refused = await _app.Client.SendAsync(Upload(id, png, client));
        await AssertTooManyAsync(refused, maxRetryAfter: 60);
        var session = await _app.Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");
        Assert.AreEqual(2, session.GetProperty("uploadCount").GetInt32());
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, int maxRetryAfter)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual((HttpStatusCode)429, response.StatusCode, body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("https://imagesearch.dev/problems/too-many-requests", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(retryAfter is >= 1 && retryAfter <= maxRetryAfter, $"Retry-After {retryAfter}");
        Assert.IsTrue(response.Headers.CacheControl?.NoStore, "a problem answer is never cached");
    }

    private static Task<HttpResponseMessage> CreateSessionAsync(string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return _app.Client.SendAsync(request);
    }

    private static async Task<string> SessionAsync(string forwardedFor)
    {
        using var created = await CreateSessionAsync(forwardedFor);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    private static HttpRequestMessage Upload(string sessionId, byte[] png, string forwardedFor)
    {
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new("image/png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{sessionId}/uploads")
        {
            Content = new MultipartFormDataContent { { file, "image", "stamp.png" } },
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}
