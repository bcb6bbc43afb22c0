using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ImageSearch.Functions.Http;

/// <summary>
/// Headers every API answer carries, in both modes: no MIME sniffing (a JSON or JPEG answer is never run as a page) and
/// no referrer. Set when the answer starts, so a problem answer written after <c>Response.Clear()</c> has them too.
/// </summary>
public static class ApiHeaders
{
    public static void OnStarting(HttpResponse response) => response.OnStarting(() =>
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return Task.CompletedTask;
    });
}

/// <summary>Host mode: <see cref="ApiHeaders"/> on every HTTP function's answer.</summary>
public sealed class ApiHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            ApiHeaders.OnStarting(http.Response);
        }

        return next(context);
    }
}
