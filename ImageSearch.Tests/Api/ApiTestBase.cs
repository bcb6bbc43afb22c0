using System.Net;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>HTTP tests against the shared real app (standalone mode, Azurite, demo catalog).</summary>
public abstract class ApiTestBase
{
    protected ImageSearchApp App { get; private set; } = null!;

    protected HttpClient Client => App.Client;

    [TestInitialize]
    public async Task StartAppAsync() => App = await ImageSearchApp.SharedWithDemoCatalogAsync();

    /// <summary>Asserts an RFC 7807 answer with the given status and stable type, and no stack trace.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual("https://imagesearch.dev/problems/" + type, problem.GetProperty("type").GetString(), body);
        Assert.AreEqual((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body, "no stack trace");
        return problem;
    }
}
