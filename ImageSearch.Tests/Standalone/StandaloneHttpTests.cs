using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSearch.Tests.Standalone;

[TestClass]
public sealed class StandaloneHttpTests
{
    private static StandaloneTestHost s_host = null!;

    public TestContext TestContext { get; set; } = null!;

    private static HttpClient Client => s_host.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_host = await StandaloneTestHost.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopAsync() => await s_host.DisposeAsync();

    [TestMethod]
    public void BindsToTheRequestedLoopbackAddressWithARealPort()
    {
        var address = new Uri(s_host.App.Urls.Single());
        Assert.AreEqual("127.0.0.1", address.Host);
        Assert.AreNotEqual(0, address.Port);
    }

    [TestMethod]
    public async Task RouteValuesBindByNameAndTheActionResultIsWrittenAsJson()
    {
        using var response = await Client.GetAsync(new Uri("/api/items/42/kettle", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        var item = await response.Content.ReadFromJsonAsync<ItemResponse>(TestContext.CancellationToken);
        Assert.IsNotNull(item);
        Assert.AreEqual(42, item.Id);
        Assert.AreEqual("kettle", item.Name);
        Assert.AreEqual("Hello, kettle", item.Greeting);
        Assert.AreEqual("GetItem", item.FunctionName);
        Assert.IsTrue(item.SameHttpContext, "FunctionContext.GetHttpContext() should be the request's HttpContext.");
        Assert.IsTrue(Guid.TryParse(item.InvocationId, out _));
        Assert.IsTrue(item.Cancellable, "The CancellationToken parameter should be the request's abort token.");
    }

    [TestMethod]
    public async Task EachInvocationGetsItsOwnInvocationId()
    {
        var first = await Client.GetFromJsonAsync<ItemResponse>(new Uri("/api/items/1/a", UriKind.Relative), TestContext.CancellationToken);
        var second = await Client.GetFromJsonAsync<ItemResponse>(new Uri("/api/items/1/a", UriKind.Relative), TestContext.CancellationToken);
        Assert.AreNotEqual(first!.InvocationId, second!.InvocationId);
    }

    [TestMethod]
    public async Task RouteConstraintsApply()
    {
        using var response = await Client.GetAsync(new Uri("/api/items/not-a-number/kettle", UriKind.Relative), TestContext.CancellationToken);

        // No function serves it (the constraint does not match): the host's empty 404.
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task GuidRouteValueIsConverted()
    {
        var id = Guid.NewGuid();
        using var response = await Client.GetAsync(new Uri($"/api/things/{id}?code={StandaloneTestHost.FunctionKey}", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
        Assert.AreEqual(id, json.RootElement.GetProperty("id").GetGuid());
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no key")]
    [DataRow("wrong-key", DisplayName = "wrong key")]
    [DataRow("", DisplayName = "empty key")]
    public async Task FunctionLevelFunctionWithoutAValidKeyIs401AndDoesNotRun(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/things/{Guid.NewGuid()}", UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await Client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "Empty, as the host answers; the function did not run.");
    }

    [TestMethod]
    public async Task FunctionKeyInTheHeaderOpensAFunctionLevelFunction()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/things/{Guid.NewGuid()}", UriKind.Relative));
        request.Headers.Add("x-functions-key", StandaloneTestHost.FunctionKey);

        using var response = await Client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task AnonymousFunctionsNeedNoKey()
    {
        using var response = await Client.PostAsync(new Uri("/api/echo", UriKind.Relative), new StringContent("hi"), TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, "Echo runs without any key.");
    }

    [TestMethod]
    public async Task UnconvertibleRouteValueIsABadRequestProblem()
    {
        using var response = await Client.GetAsync(new Uri($"/api/things/not-a-guid?code={StandaloneTestHost.FunctionKey}", UriKind.Relative), TestContext.CancellationToken);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [TestMethod]
    public async Task EveryListedMethodIsServed()
    {
        using var post = await Client.PostAsync(new Uri("/api/echo", UriKind.Relative), new StringContent("hello"), TestContext.CancellationToken);
        using var put = await Client.PutAsync(new Uri("/api/echo", UriKind.Relative), new StringContent("again"), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Created, post.StatusCode);
        Assert.AreEqual("POST hello", await post.Content.ReadAsStringAsync(TestContext.CancellationToken));
        Assert.AreEqual(HttpStatusCode.Created, put.StatusCode);
        Assert.AreEqual("PUT again", await put.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task FunctionWithoutRouteIsServedUnderItsName()
    {
        using var response = await Client.GetAsync(new Uri("/api/DefaultRoute", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("""{"route":"default"}""", await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    [DataRow("GET", "/api/no-such-function")]
    [DataRow("DELETE", "/api/echo")]
    [DataRow("GET", "/no-such-page.html")]
    public async Task RequestNoFunctionServesIsAnEmpty404AsFromTheHost(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsNull(response.Content.Headers.ContentType);
        Assert.AreEqual(string.Empty, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task UnhandledExceptionIsA500ProblemWithoutDetails()
    {
        using var response = await Client.GetAsync(new Uri("/api/fail/unhandled", UriKind.Relative), TestContext.CancellationToken);

        var body = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(FailingTestFunctions.Secret, body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain(" at ", body, "The body must not carry a stack trace.");
    }

    [TestMethod]
    public async Task RegisteredExceptionHandlerMapsFunctionExceptions()
    {
        using var response = await Client.GetAsync(new Uri("/api/fail/teapot", UriKind.Relative), TestContext.CancellationToken);

        var body = await AssertProblemAsync(response, (HttpStatusCode)418);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual("The pot is a teapot", json.RootElement.GetProperty("detail").GetString());
    }

    [TestMethod]
    public async Task ProblemDetailsActionResultIsProblemJson()
    {
        using var response = await Client.PostAsync(new Uri("/api/problems/conflict", UriKind.Relative), content: null, TestContext.CancellationToken);

        var body = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.AreEqual("Session busy", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    [TestMethod]
    public async Task ProblemResultFromTaskOfIResultIsProblemJson()
    {
        using var response = await Client.PostAsync(new Uri("/api/problems/unprocessable", UriKind.Relative), content: null, TestContext.CancellationToken);

        var body = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.AreEqual("Not an image", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    [TestMethod]
    public async Task StaticSiteIndexIsServedAtRoot()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(StandaloneTestHost.PageMarker, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    private async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(expected, response.StatusCode, body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
        using var json = JsonDocument.Parse(body);
        Assert.AreEqual((int)expected, json.RootElement.GetProperty("status").GetInt32(), body);
        return body;
    }
}
