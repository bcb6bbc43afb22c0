using System.Net.Sockets;
using System.Text.Json;
using Azure;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Quotas;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSearch.Tests.Http;

/// <summary>
/// The path Azure runs (the worker middleware <see cref="ExceptionMiddleware"/>) without the host: for every kind of
/// error it writes the problem document, status and caching headers that standalone mode's exception handler writes.
/// </summary>
[TestClass]
public sealed class HostProblemParityTests
{
    public static IEnumerable<object[]> Errors =>
    [
        [new ImageSearchException("invalid-query", ErrorKind.Invalid, "Invalid query", "Too long."), 400, "invalid-query"],
        [new ImageSearchException("admin-key-invalid", ErrorKind.Forbidden, "Forbidden", "Wrong key."), 403, "admin-key-invalid"],
        [new ImageSearchException("session-not-found", ErrorKind.NotFound, "Not found", "No session."), 404, "session-not-found"],
        [new ImageSearchException("nothing-to-undo", ErrorKind.Conflict, "Conflict", "Nothing."), 409, "nothing-to-undo"],
        [new ImageSearchException("image-too-large", ErrorKind.TooLarge, "Too large", "Big."), 413, "image-too-large"],
        [new ImageSearchException("unsupported-image-type", ErrorKind.UnsupportedFormat, "Unsupported", "Text."), 415, "unsupported-image-type"],
        [new ImageSearchException("model-unavailable", ErrorKind.Unavailable, "Unavailable", "Model."), 503, "model-unavailable"],
        [new QuotaExceededException(Quota.SearchesPerSession, TimeSpan.FromSeconds(1.2)), 429, "too-many-requests"],
        [new ImageSearchException("decoder-busy", ErrorKind.Unavailable, "Busy", "Slots.", retryAfterSeconds: 5), 503, "decoder-busy"],
        [new JsonException("bad"), 400, "malformed-json"],
        [new BadHttpRequestException("bad route value"), 400, "bad-request"],
        [new AggregateException(new RequestFailedException("Connection refused", new HttpRequestException("refused", new SocketException(111)))), 503, "storage-unavailable"],
        [new RequestFailedException(503, "Server busy"), 503, "storage-unavailable"],
        [new RequestFailedException(400, "Bad request to storage"), 500, "internal-error"],
        [new InvalidOperationException("a bug with /secret/path"), 500, "internal-error"],
    ];

    [TestMethod]
    [DynamicData(nameof(Errors))]
    public async Task HostMiddlewareWritesWhatStandaloneWrites(Exception error, int status, string type)
    {
        var host = NewHttpContext();
        var middleware = new ExceptionMiddleware(NullLogger<ExceptionMiddleware>.Instance);
        await middleware.Invoke(new HostFunctionContext(host), _ => throw error);

        var standalone = NewHttpContext();
        var handled = await new ProblemDetailsExceptionHandler(NullLogger<ProblemDetailsExceptionHandler>.Instance)
            .TryHandleAsync(standalone, error, CancellationToken.None);

        Assert.IsTrue(handled);
        foreach (var http in new[] { host, standalone })
        {
            Assert.AreEqual(status, http.Response.StatusCode);
            Assert.AreEqual("application/problem+json", http.Response.ContentType?.Split(';')[0]);
            StringAssert.Contains(http.Response.Headers.CacheControl.ToString(), "no-store");
            Assert.AreEqual(type switch { "storage-unavailable" or "decoder-busy" => "5", "too-many-requests" => "2", _ => "" }, http.Response.Headers.RetryAfter.ToString());
            using var body = JsonDocument.Parse(Body(http));
            Assert.AreEqual("https://imagesearch.dev/problems/" + type, body.RootElement.GetProperty("type").GetString());
            Assert.AreEqual(status, body.RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain("/secret/path", Body(http), "exception text never reaches the client");
        }

        Assert.AreEqual(Body(standalone), Body(host));
        CollectionAssert.AreEquivalent(
            standalone.Response.Headers.Select(h => $"{h.Key}: {h.Value}").ToList(),
            host.Response.Headers.Select(h => $"{h.Key}: {h.Value}").ToList());
    }

    [TestMethod]
    public async Task HostMiddlewareUnwrapsTheWorkersAggregate()
    {
        var host = NewHttpContext();
        var middleware = new ExceptionMiddleware(NullLogger<ExceptionMiddleware>.Instance);

        await middleware.Invoke(new HostFunctionContext(host), _ => throw new AggregateException(
            new ImageSearchException("session-not-found", ErrorKind.NotFound, "Not found", "No session.")));

        Assert.AreEqual(404, host.Response.StatusCode);
        StringAssert.Contains(Body(host), "session-not-found");
    }

    private static DefaultHttpContext NewHttpContext()
    {
        var http = new DefaultHttpContext { TraceIdentifier = "trace-1" };
        http.Request.Path = "/api/sessions/x";
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static string Body(HttpContext http)
    {
        var stream = (MemoryStream)http.Response.Body;
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The part of the worker's FunctionContext the middleware reads: the HTTP context and the function name.</summary>
    private sealed class HostFunctionContext : FunctionContext
    {
        public HostFunctionContext(HttpContext http) => Items["HttpRequestContext"] = http;

        public override string InvocationId => "1";

        public override string FunctionId => "Search";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition { get; } = new Definition();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();

        public override CancellationToken CancellationToken => CancellationToken.None;
    }

    private sealed class Definition : FunctionDefinition
    {
        public override System.Collections.Immutable.ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => "";

        public override string EntryPoint => "";

        public override string Id => "Search";

        public override string Name => "Search";

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> InputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> OutputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
