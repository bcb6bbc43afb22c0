using System.Net;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Standalone;

/// <summary>Standalone mode serving the real app as the host would: keys, empty 404s, the site at /, loopback binding.</summary>
[TestClass]
public sealed class StandaloneHttpTests
{
    private static ImageSearchApp s_app = null!;

    public TestContext TestContext { get; set; } = null!;

    private static HttpClient Client => s_app.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_app = await ImageSearchApp.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_app.DisposeAsync();

    [TestMethod]
    public void BindsToTheRequestedLoopbackAddressWithARealPort()
    {
        Assert.AreEqual("127.0.0.1", s_app.BaseAddress.Host);
        Assert.AreNotEqual(0, s_app.BaseAddress.Port);
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no key")]
    [DataRow("wrong-key", DisplayName = "wrong key")]
    [DataRow("", DisplayName = "empty key")]
    public async Task AFunctionLevelFunctionWithoutAValidKeyIs401EmptyAndDoesNotRun(string? key)
    {
        using var request = ImportWithoutImage();
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await Client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "empty, as the host answers");
        Assert.IsFalse(response.Headers.Contains("X-Content-Type-Options"), "the host's own 401: no function ran, so none of its headers");
    }

    [TestMethod]
    [DataRow(true, DisplayName = "x-functions-key header")]
    [DataRow(false, DisplayName = "code query parameter")]
    public async Task TheFunctionKeyOpensAFunctionLevelFunction(bool header)
    {
        using var request = ImportWithoutImage(header ? null : ImageSearchApp.FunctionKey);
        if (header)
        {
            request.Headers.Add("x-functions-key", ImageSearchApp.FunctionKey);
        }

        using var response = await Client.SendAsync(request, TestContext.CancellationToken);

        // The function ran: the import refuses the body (not multipart), which only the function itself can say.
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    [DataRow("GET", "/api/no-such-function")]
    [DataRow("DELETE", "/api/sessions")]
    [DataRow("PUT", "/api/health")]
    [DataRow("GET", "/no-such-page.html")]
    public async Task ARequestNoFunctionServesIsAnEmpty404AsFromTheHost(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsNull(response.Content.Headers.ContentType);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task TheStaticSiteIsServedAtRoot()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "<title>ImageSearch</title>");
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("/app.js")]
    public async Task ThePageCarriesTheSecurityHeadersStaticWebAppsSends(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), TestContext.CancellationToken);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        StringAssert.Contains(csp, "script-src 'self';", "no inline script");
        StringAssert.Contains(csp, "frame-ancestors 'none'");
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.AreEqual("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [TestMethod]
    [DataRow("api/health")]
    [DataRow("api/sessions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ApiAnswersAndProblemAnswersAreNeverSniffedOrReferred(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.CancellationToken);

        Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single(), $"{(int)response.StatusCode}");
        Assert.AreEqual("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private static HttpRequestMessage ImportWithoutImage(string? code = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, code is null ? "api/catalog/items" : $"api/catalog/items?code={Uri.EscapeDataString(code)}")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Admin-Key", ImageSearchApp.AdminKey);
        return request;
    }
}
